package io.warden.api.data;

/** ACL permission bits, ZooKeeper's values. A permission set is their bitwise OR. */
public final class Perms {
    public static final int READ = 1;
    public static final int WRITE = 1 << 1;
    public static final int CREATE = 1 << 2;
    public static final int DELETE = 1 << 3;
    public static final int ADMIN = 1 << 4;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;

    private Perms() {}

    /** True when {@code granted} includes every bit of {@code wanted}. */
    public static boolean allows(int granted, int wanted) {
        return (granted & wanted) == wanted;
    }

    /** zkCli's short form, e.g. "cdrwa". */
    public static String toShortString(int perms) {
        StringBuilder sb = new StringBuilder(5);
        if ((perms & CREATE) != 0) sb.append('c');
        if ((perms & DELETE) != 0) sb.append('d');
        if ((perms & READ) != 0) sb.append('r');
        if ((perms & WRITE) != 0) sb.append('w');
        if ((perms & ADMIN) != 0) sb.append('a');
        return sb.toString();
    }

    /** Parses zkCli's short form ("cdrwa"); throws on an unknown letter. */
    public static int parseShortString(String s) {
        int perms = 0;
        for (char c : s.toCharArray()) {
            perms |= switch (c) {
                case 'c' -> CREATE;
                case 'd' -> DELETE;
                case 'r' -> READ;
                case 'w' -> WRITE;
                case 'a' -> ADMIN;
                default -> throw new IllegalArgumentException("Unknown perm type: " + c);
            };
        }
        return perms;
    }
}
