package dev.cozebridge.conversation;

import dev.cozebridge.platform.MessageAction;
import java.util.List;

/** The buttons one reply may carry; issued by the reply's job, which knows its conversation and turn. */
interface ReplyButtons {

    /** The Stop button under the streaming answer, or null when the reply has none. */
    MessageAction stop();

    /** Buttons for Coze's suggested next questions, stored so a press can ask them; possibly fewer, or none. */
    List<MessageAction> suggestions(List<String> questions);

    ReplyButtons NONE = new ReplyButtons() {
        @Override
        public MessageAction stop() {
            return null;
        }

        @Override
        public List<MessageAction> suggestions(List<String> questions) {
            return List.of();
        }
    };
}
