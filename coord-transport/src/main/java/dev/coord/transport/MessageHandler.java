package dev.coord.transport;

import org.agrona.DirectBuffer;

/**
 * MessageHandler receives one whole message delivered by {@link Transport#poll}.
 *
 * <p>Threading: called on the agent thread that called {@code poll}. The buffer is only valid during the
 * call: copy what must outlive it.
 */
@FunctionalInterface
public interface MessageHandler {

    /** Called with one message from {@code fromPeerId}, found at {@code [offset, offset + length)}. */
    void onMessage(int fromPeerId, DirectBuffer buffer, int offset, int length);
}
