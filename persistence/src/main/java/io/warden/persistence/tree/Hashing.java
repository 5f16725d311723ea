package io.warden.persistence.tree;

import io.warden.api.data.Acl;

import java.util.List;

/** The tree's hash functions: specified here, not borrowed from the JDK, so they never change. */
final class Hashing {
    private Hashing() {
    }

    /** Spreads a 32-bit hash so every trie level sees well-mixed bits. */
    static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** A strong 64-bit finaliser (splitmix64's). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long acl(List<Acl> acl) {
        long h = 0x51A7_3C1D_0E2F_4B69L;
        for (Acl entry : acl) {
            h = mix64(h ^ entry.perms());
            h = mix64(h ^ string(entry.id().scheme()));
            h = mix64(h ^ string(entry.id().id()));
        }
        return h;
    }

    static long string(String s) {
        long h = 0xCBF2_9CE4_8422_2325L ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x0000_0100_0000_01B3L;
        }
        return mix64(h);
    }
}
