package dev.cozebridge.platform.telegram;

import java.util.Locale;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Markdown (as Coze writes it) to Telegram's HTML parse mode, through the commonmark parser. Produces markup
 * that obeys Telegram's entity rules by construction: only supported tags, everything else escaped, no
 * entities inside code, no nested blockquotes, no code or links inside links. Also renders the same tree
 * as plain text, which is exactly what Telegram shows for the HTML, for the plain-text fallback.
 */
final class TelegramHtml {

    /** One rendering: the HTML to send with {@code parse_mode=HTML} and its plain-text twin. */
    record Rendered(String html, String plain) {}

    /**
     * Starts a block quote that Telegram shows collapsed ({@code <blockquote expandable>}, Bot API 7.3); Markdown has
     * no such form, so {@link TelegramMarkup#reasoning} marks the quote with this invisible character, which is
     * never shown.
     */
    static final char EXPANDABLE = '\u2063';

    private static final Pattern SAFE_URL = Pattern.compile("(?i)^(https?://|tg://|mailto:)\\S+$");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]{1,32}");

    private final Parser parser = Parser.builder()
            .customDelimiterProcessor(new StrikethroughDelimiter())
            .build();

    Rendered render(String markdown) {
        Node document = parser.parse(markdown);
        return new Rendered(write(document, true), write(document, false));
    }

    private static String write(Node document, boolean html) {
        Writer writer = new Writer(html);
        document.accept(writer);
        return writer.out.toString().strip();
    }

    /** One pass over the tree; with {@code html=false} tags are dropped and nothing is escaped. */
    private static final class Writer extends AbstractVisitor {
        private final boolean html;
        private final StringBuilder out = new StringBuilder();
        private String pendingBreak = "";
        private int quoteDepth;
        private int linkDepth;
        private int listDepth;
        private boolean tightItem;

        Writer(boolean html) {
            this.html = html;
        }

        private void flush() {
            if (!out.isEmpty()) {
                out.append(pendingBreak);
            }
            pendingBreak = "";
        }

        private void open(String tag) {
            flush();
            if (html) {
                out.append(tag);
            }
        }

        private void close(String tag) {
            if (html) {
                out.append(tag);
            }
        }

        private void text(String literal) {
            String s = literal.indexOf(EXPANDABLE) < 0 ? literal : literal.replace(String.valueOf(EXPANDABLE), "");
            if (s.isEmpty()) {
                return;
            }
            flush();
            out.append(html ? escape(s) : s);
        }

        private void endBlock() {
            pendingBreak = tightItem ? "\n" : "\n\n";
        }

        @Override
        public void visit(Paragraph paragraph) {
            visitChildren(paragraph);
            endBlock();
        }

        @Override
        public void visit(Heading heading) {
            open("<b>");
            visitChildren(heading);
            close("</b>");
            endBlock();
        }

        @Override
        public void visit(BlockQuote blockQuote) {
            // Telegram rejects nested blockquotes: inner quotes are flattened into the outer one.
            boolean outer = quoteDepth++ == 0;
            if (outer) {
                open(expandable(blockQuote) ? "<blockquote expandable>" : "<blockquote>");
            }
            visitChildren(blockQuote);
            if (outer) {
                close("</blockquote>");
            }
            quoteDepth--;
            endBlock();
        }

        @Override
        public void visit(BulletList list) {
            list(list);
        }

        @Override
        public void visit(OrderedList list) {
            list(list);
        }

        private void list(ListBlock list) {
            boolean outerTight = tightItem;
            int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
                    ? ordered.getMarkerStartNumber()
                    : 1;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                tightItem = list.isTight();
                String marker = list instanceof OrderedList ? (number++) + ". " : "• ";
                text("  ".repeat(listDepth) + marker);
                listDepth++;
                visitItem((ListItem) item);
                listDepth--;
                pendingBreak = list.isTight() ? "\n" : "\n\n";
            }
            tightItem = outerTight;
            endBlock();
        }

        private void visitItem(ListItem item) {
            // The first block continues the marker's line.
            pendingBreak = "";
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                child.accept(this);
                if (child.getNext() != null && pendingBreak.isEmpty()) {
                    pendingBreak = "\n";
                }
            }
        }

        @Override
        public void visit(FencedCodeBlock code) {
            String info = code.getInfo() == null ? "" : code.getInfo().strip().split("\\s+")[0];
            codeBlock(code.getLiteral(), LANGUAGE.matcher(info).matches() ? info.toLowerCase(Locale.ROOT) : null);
        }

        @Override
        public void visit(IndentedCodeBlock code) {
            codeBlock(code.getLiteral(), null);
        }

        private void codeBlock(String literal, String language) {
            String body = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
            if (body.isBlank()) {
                endBlock();
                return;
            }
            open(language == null ? "<pre>" : "<pre><code class=\"language-" + language + "\">");
            text(body);
            close(language == null ? "</pre>" : "</code></pre>");
            endBlock();
        }

        @Override
        public void visit(HtmlBlock htmlBlock) {
            text(htmlBlock.getLiteral().strip());
            endBlock();
        }

        @Override
        public void visit(ThematicBreak thematicBreak) {
            text("———");
            endBlock();
        }

        @Override
        public void visit(LinkReferenceDefinition definition) {
            // Definitions render nothing; their links carry the destination.
        }

        @Override
        public void visit(Text text) {
            text(text.getLiteral());
        }

        @Override
        public void visit(Code code) {
            if (linkDepth > 0) {
                text(code.getLiteral());
                return;
            }
            open("<code>");
            text(code.getLiteral());
            close("</code>");
        }

        @Override
        public void visit(Emphasis emphasis) {
            wrap(emphasis, "i");
        }

        @Override
        public void visit(StrongEmphasis strong) {
            wrap(strong, "b");
        }

        @Override
        public void visit(CustomNode node) {
            if (node instanceof StrikethroughDelimiter.Strikethrough) {
                wrap(node, "s");
            } else {
                visitChildren(node);
            }
        }

        private void wrap(Node node, String tag) {
            if (node.getFirstChild() == null) {
                return;
            }
            open("<" + tag + ">");
            visitChildren(node);
            close("</" + tag + ">");
        }

        @Override
        public void visit(Link link) {
            link(link, link.getDestination(), link.getFirstChild() == null ? link.getDestination() : null);
        }

        @Override
        public void visit(Image image) {
            link(image, image.getDestination(), image.getFirstChild() == null ? "image" : null);
        }

        private void link(Node node, String destination, String fallbackLabel) {
            boolean usable = linkDepth == 0
                    && destination != null
                    && SAFE_URL.matcher(destination).matches();
            if (usable) {
                open("<a href=\"" + escapeAttribute(destination) + "\">");
            }
            linkDepth++;
            if (fallbackLabel != null) {
                text(fallbackLabel);
            } else {
                visitChildren(node);
            }
            linkDepth--;
            if (usable) {
                close("</a>");
            }
        }

        @Override
        public void visit(SoftLineBreak softLineBreak) {
            text("\n");
        }

        @Override
        public void visit(HardLineBreak hardLineBreak) {
            text("\n");
        }

        @Override
        public void visit(HtmlInline htmlInline) {
            text(htmlInline.getLiteral());
        }
    }

    /** Whether the quote's first text starts with {@link #EXPANDABLE}. */
    private static boolean expandable(Node quote) {
        for (Node node = quote.getFirstChild(); node != null; node = node.getFirstChild()) {
            if (node instanceof Text text) {
                return !text.getLiteral().isEmpty() && text.getLiteral().charAt(0) == EXPANDABLE;
            }
        }
        return false;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeAttribute(String s) {
        return escape(s).replace("\"", "&quot;");
    }
}
