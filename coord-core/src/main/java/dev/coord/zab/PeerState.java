package dev.coord.zab;

/** PeerState is the ZAB state of a peer, as election notifications report it. */
public enum PeerState {
    LOOKING,
    FOLLOWING,
    LEADING,
    OBSERVING
}
