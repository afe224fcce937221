package dev.coord.zab;

import java.util.ArrayList;
import java.util.List;

/** Outbox collects the actions the state machine emits until its shell drains them, in order. */
final class Outbox {
    private List<ZabAction> actions = new ArrayList<>();

    void add(ZabAction action) {
        actions.add(action);
    }

    void send(int peerId, ZabMessage message) {
        actions.add(new ZabAction.Send(peerId, message));
    }

    List<ZabAction> drain() {
        List<ZabAction> out = actions;
        actions = new ArrayList<>();
        return out;
    }
}
