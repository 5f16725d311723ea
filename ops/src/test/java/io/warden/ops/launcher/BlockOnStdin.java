package io.warden.ops.launcher;

import java.io.IOException;

/** A java process that lives until its stdin closes: a stand-in for "another live server". */
public final class BlockOnStdin {
    private BlockOnStdin() {}

    public static void main(String[] args) throws IOException {
        while (System.in.read() >= 0) {
            // keep reading until the parent closes our stdin
        }
    }
}
