package dev.cozebridge.platform.telegram;

import org.commonmark.node.CustomNode;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.delimiter.DelimiterProcessor;
import org.commonmark.parser.delimiter.DelimiterRun;

/**
 * {@code ~~text~~} as commonmark inline syntax. The GFM strikethrough extension is not on the classpath; this
 * plugs the same rule (two tildes on both sides) into commonmark's own delimiter machinery.
 */
final class StrikethroughDelimiter implements DelimiterProcessor {

    /** The node the parser produces for {@code ~~text~~}. */
    static final class Strikethrough extends CustomNode {}

    @Override
    public char getOpeningCharacter() {
        return '~';
    }

    @Override
    public char getClosingCharacter() {
        return '~';
    }

    @Override
    public int getMinLength() {
        return 2;
    }

    @Override
    public int process(DelimiterRun openingRun, DelimiterRun closingRun) {
        if (openingRun.length() < 2 || closingRun.length() < 2) {
            return 0;
        }
        Text opener = openingRun.getOpener();
        Text closer = closingRun.getCloser();
        Strikethrough strike = new Strikethrough();
        Node node = opener.getNext();
        while (node != null && node != closer) {
            Node next = node.getNext();
            strike.appendChild(node);
            node = next;
        }
        opener.insertAfter(strike);
        return 2;
    }
}
