package dev.coord.testkit.check;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Result;
import java.util.Arrays;
import java.util.List;

/** Histories is the vocabulary hand-made test histories are written in: commands and results. */
final class Histories {
    private Histories() {
    }

    static Command create(String path, String data) {
        return new Command.Create(path, data, false, false);
    }

    static Command createEphemeral(String path, String data) {
        return new Command.Create(path, data, true, false);
    }

    static Command createSequential(String prefix, String data) {
        return new Command.Create(prefix, data, false, true);
    }

    static Command createEphemeralSequential(String prefix, String data) {
        return new Command.Create(prefix, data, true, true);
    }

    static Command delete(String path) {
        return new Command.Delete(path, -1);
    }

    static Command delete(String path, int version) {
        return new Command.Delete(path, version);
    }

    static Command setData(String path, String data) {
        return new Command.SetData(path, data, -1);
    }

    static Command setData(String path, String data, int version) {
        return new Command.SetData(path, data, version);
    }

    static Command checkVersion(String path, int version) {
        return new Command.Check(path, version);
    }

    static Command multi(Command... ops) {
        return new Command.Multi(Arrays.asList(ops));
    }

    static Command getData(String path) {
        return new Command.GetData(path);
    }

    static Command exists(String path) {
        return new Command.Exists(path);
    }

    static Command getChildren(String path) {
        return new Command.GetChildren(path);
    }

    static Command closeSession() {
        return new Command.CloseSession();
    }

    static Result ok() {
        return new Result.Ok(null);
    }

    static Result ok(Object value) {
        return new Result.Ok(value);
    }

    static Result failed(String code) {
        return new Result.Failed(code);
    }

    /** A getData result. */
    static Result node(String data, int version, long czxid, long mzxid) {
        return ok(new Result.Node(data, version, czxid, mzxid));
    }

    /** An exists result for a node that exists. */
    static Result stat(int version, long czxid, long mzxid) {
        return ok(new Result.Node(null, version, czxid, mzxid));
    }

    /** A setData result. */
    static Result version(int version, long czxid, long mzxid) {
        return ok(new Result.Version(version, czxid, mzxid));
    }

    static Result children(String... names) {
        return ok(List.of(names));
    }

    /** A multi's result: one sub-result per op. */
    static Result results(Result... subResults) {
        return ok(Arrays.asList(subResults));
    }
}
