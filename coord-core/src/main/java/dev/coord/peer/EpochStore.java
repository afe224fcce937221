package dev.coord.peer;

import dev.coord.log.file.EpochFile;

/** EpochStore keeps a peer's ZAB epochs: in its data directory, or in memory for an in-memory peer. */
public interface EpochStore {
    EpochFile.Epochs read();

    /** Stores durably before returning. */
    void write(EpochFile.Epochs epochs);

    /** Epochs held in memory (an in-memory peer's, or the simulator's disk). */
    static EpochStore inMemory() {
        return new EpochStore() {
            private EpochFile.Epochs epochs = new EpochFile.Epochs(0, 0, 0);

            @Override
            public EpochFile.Epochs read() {
                return epochs;
            }

            @Override
            public void write(EpochFile.Epochs e) {
                epochs = e;
            }
        };
    }

    static EpochStore of(PeerConfig config) {
        if (config.inMemory()) {
            return inMemory();
        }
        EpochFile file = new EpochFile(config.dataDir());
        return new EpochStore() {
            @Override
            public EpochFile.Epochs read() {
                return file.read();
            }

            @Override
            public void write(EpochFile.Epochs e) {
                file.write(e);
            }
        };
    }
}
