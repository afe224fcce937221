package dev.coord.zab;

/**
 * LearnerRole is a FOLLOWING or OBSERVING peer: it registers with its leader (FOLLOWERINFO, repeated
 * until answered), accepts the leader's epoch if it is newer (or the same epoch from the same leader),
 * answers ACKEPOCH, applies the leader's sync (TRUNC, SNAP, proposals), makes the epoch current on
 * NEWLEADER and acks once its log is durable, and serves from UPTODATE on. In broadcast it logs
 * proposals and acks them cumulatively once durable, and commits in zxid order; an observer takes
 * INFORMs instead. It returns to LOOKING when the leader is silent for the sync limit, when the
 * connection to it breaks, or when the leader's epoch is older than one it accepted.
 */
final class LearnerRole {
    /** Phase is how far the learner has come with its leader. */
    private enum Phase {
        REGISTERING,
        SYNCING,
        SYNCED,
        BROADCAST
    }

    private final Zab zab;
    private final int leaderId;
    private final long startMs;
    private Phase phase = Phase.REGISTERING;
    private long epoch = -1;
    private long lastHeardMs;
    private long durable;
    private long acked;
    private long pendingNewLeaderAck = -1;
    private long pendingCommit;

    LearnerRole(Zab zab, int leaderId, long nowMs) {
        this.zab = zab;
        this.leaderId = leaderId;
        this.startMs = nowMs;
        this.lastHeardMs = nowMs;
        this.durable = zab.durableZxid;
    }

    void start(long nowMs) {
        register();
    }

    private void register() {
        zab.out.send(leaderId, new ZabMessage.FollowerInfo(zab.acceptedEpoch, zab.history.summary(),
                zab.history.lastCommitted(), !zab.config.isVoter()));
    }

    void onMessage(int from, ZabMessage message, long nowMs) {
        if (from != leaderId) {
            return;
        }
        lastHeardMs = nowMs;
        if (message instanceof ZabMessage.LeaderInfo info) {
            onLeaderInfo(info, nowMs);
            return;
        }
        if (epoch < 0 || epochOf(message) != epoch) {
            return;
        }
        if (message instanceof ZabMessage.Trunc t) {
            zab.history.truncateAfter(t.zxid());
            zab.out.add(new ZabAction.Truncate(t.zxid()));
            durable = Math.min(durable, t.zxid());
            zab.durableZxid = Math.min(zab.durableZxid, t.zxid());
        } else if (message instanceof ZabMessage.Snap s) {
            zab.out.add(new ZabAction.InstallSnapshot(s.zxid(), s.snapshot()));
            zab.history.reset(s.zxid());
            durable = s.zxid();
            zab.durableZxid = s.zxid();
        } else if (message instanceof ZabMessage.Proposal p) {
            onProposal(p.zxid(), p.payload(), nowMs);
        } else if (message instanceof ZabMessage.NewLeader n) {
            onNewLeader(n);
        } else if (message instanceof ZabMessage.UpToDate u) {
            onUpToDate(u);
        } else if (message instanceof ZabMessage.Commit c) {
            onCommit(c.zxid());
        } else if (message instanceof ZabMessage.Inform i) {
            onProposal(i.zxid(), i.payload(), nowMs);
            onCommit(i.zxid());
        } else if (message instanceof ZabMessage.Ping) {
            zab.out.send(leaderId, new ZabMessage.Ping(epoch, zab.history.lastCommitted()));
        }
    }

    private static long epochOf(ZabMessage m) {
        if (m instanceof ZabMessage.Trunc t) {
            return t.epoch();
        } else if (m instanceof ZabMessage.Snap s) {
            return s.epoch();
        } else if (m instanceof ZabMessage.Proposal p) {
            return p.epoch();
        } else if (m instanceof ZabMessage.NewLeader n) {
            return n.epoch();
        } else if (m instanceof ZabMessage.UpToDate u) {
            return u.epoch();
        } else if (m instanceof ZabMessage.Commit c) {
            return c.epoch();
        } else if (m instanceof ZabMessage.Inform i) {
            return i.epoch();
        } else if (m instanceof ZabMessage.Ping p) {
            return p.epoch();
        }
        return -1;
    }

    private void onLeaderInfo(ZabMessage.LeaderInfo info, long nowMs) {
        if (phase != Phase.REGISTERING) {
            return;
        }
        long e = info.epoch();
        boolean sameLeaderSameEpoch = e == zab.acceptedEpoch && zab.acceptedLeader == leaderId;
        if (e < zab.acceptedEpoch || (e == zab.acceptedEpoch && !sameLeaderSameEpoch)) {
            // Never ack two leaders for one epoch, nor an epoch older than one accepted.
            zab.becomeLooking(nowMs, "the leader offered an epoch already accepted from another leader, or an older one");
            return;
        }
        if (!sameLeaderSameEpoch) {
            zab.persistEpochs(e, leaderId, zab.currentEpoch);
        }
        epoch = e;
        phase = Phase.SYNCING;
        zab.out.send(leaderId, new ZabMessage.AckEpoch(e, zab.currentEpoch, zab.history.summary(), zab.history.lastCommitted()));
    }

    private void onProposal(long zxid, byte[] payload, long nowMs) {
        if (zxid <= zab.history.lastZxid()) {
            // A gap or a repeat: the channel lost something. Start over with a fresh sync.
            zab.becomeLooking(nowMs, "a proposal arrived out of order");
            return;
        }
        zab.history.append(zxid, payload);
        zab.out.add(new ZabAction.Append(zxid, payload));
    }

    private void onNewLeader(ZabMessage.NewLeader n) {
        if (phase != Phase.SYNCING) {
            return;
        }
        zab.persistEpochs(zab.acceptedEpoch, zab.acceptedLeader, n.epoch());
        phase = Phase.SYNCED;
        pendingNewLeaderAck = n.syncedUpTo();
        maybeAck();
    }

    private void onUpToDate(ZabMessage.UpToDate u) {
        if (phase != Phase.SYNCED || pendingNewLeaderAck >= 0) {
            return;
        }
        phase = Phase.BROADCAST;
        onCommit(Math.max(u.committed(), pendingCommit));
        zab.setServing(true);
    }

    private void onCommit(long zxid) {
        if (phase == Phase.BROADCAST) {
            zab.commitUpTo(zxid);
        } else {
            pendingCommit = Math.max(pendingCommit, zxid);
        }
    }

    void onDurable(long zxid) {
        durable = Math.max(durable, Math.min(zxid, zab.history.lastZxid()));
        maybeAck();
    }

    private void maybeAck() {
        if (pendingNewLeaderAck >= 0) {
            if (durable >= zab.history.lastZxid()) {
                zab.out.send(leaderId, new ZabMessage.Ack(epoch, pendingNewLeaderAck, true));
                acked = pendingNewLeaderAck;
                pendingNewLeaderAck = -1;
            }
            return;
        }
        if ((phase == Phase.SYNCED || phase == Phase.BROADCAST) && zab.config.isVoter() && durable > acked) {
            zab.out.send(leaderId, new ZabMessage.Ack(epoch, durable, false));
            acked = durable;
        }
    }

    void tick(long nowMs) {
        long limitMs = (phase == Phase.BROADCAST ? zab.config.syncLimitTicks() : zab.config.initLimitTicks()) * zab.tickMs();
        if (phase == Phase.REGISTERING) {
            if (nowMs - startMs > limitMs) {
                zab.becomeLooking(nowMs, "registration with the leader took longer than the init limit");
                return;
            }
            register();
            return;
        }
        if (nowMs - lastHeardMs > limitMs) {
            zab.becomeLooking(nowMs, "the leader was silent for the sync limit");
        }
    }

    void onDisconnected(int peerId, long nowMs) {
        if (peerId == leaderId) {
            zab.becomeLooking(nowMs, "the connection to the leader broke");
        }
    }
}
