package dev.cozebridge.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The text of a config file, decoded as strict UTF-8; a byte that is not UTF-8 is reported with its line. */
final class ConfigText {
    private ConfigText() {}

    /**
     * @throws ConfigException when the file is not UTF-8 (the problem says where and how to fix it)
     * @throws IOException     when it cannot be read
     */
    static String read(Path file) throws IOException, ConfigException {
        byte[] bytes = Files.readAllBytes(file);
        String text = decode(bytes);
        // A UTF-8 byte-order mark is valid but not YAML content.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static String decode(byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ConfigException(List.of(problem(bytes, in.position())));
        }
        return out.flip().toString();
    }

    private static String problem(byte[] bytes, int offset) {
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                        || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            return "the file is UTF-16, not UTF-8; save it as UTF-8";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // The column counts characters, so count only the bytes that start one (not UTF-8 continuation bytes).
        int column = 1;
        for (int i = lineStart; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return "line " + line + ", column " + column + ": byte 0x" + String.format("%02X", bytes[offset] & 0xFF)
                + " is not UTF-8 text (was the file saved as Latin-1 or GBK?); save it as UTF-8";
    }
}
