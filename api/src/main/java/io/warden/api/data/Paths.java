package io.warden.api.data;

/**
 * ZooKeeper's znode path rules. A valid path is absolute, has no empty segment, no trailing
 * slash (except the root itself), no "." or ".." segment, and no null or disallowed unicode
 * character. The error text matches ZooKeeper's so that clients and scripts see the same
 * message from either server.
 */
public final class Paths {
    public static final String ROOT = "/";

    private Paths() {}

    /** Throws {@link IllegalArgumentException} with ZooKeeper's message if the path is invalid. */
    public static void validate(String path) {
        String problem = problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
    }

    /**
     * Validates a create path; a sequential create is validated with a suffix appended, as the
     * server appends the sequence number (so "/a/" is a valid sequential prefix).
     */
    public static void validate(String path, boolean sequential) {
        validate(sequential ? path + "1" : path);
    }

    public static boolean isValid(String path) {
        return problem(path) == null;
    }

    /** The reason the path is invalid, or null when it is valid. */
    public static String problem(String path) {
        if (path == null) {
            return "path cannot be null";
        }
        int length = path.length();
        if (length == 0) {
            return "path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "path must start with / character";
        }
        if (length == 1) {
            return null;
        }
        if (path.charAt(length - 1) == '/') {
            return "path must not end with / character";
        }
        char previous = '/';
        for (int i = 1; i < length; i++) {
            char c = path.charAt(i);
            boolean segmentEnds = i + 1 == length || path.charAt(i + 1) == '/';
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && previous == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && previous == '/' && segmentEnds) {
                return "relative paths not allowed @" + i;
            } else if (c == '.' && previous == '.' && path.charAt(i - 2) == '/' && segmentEnds) {
                return "relative paths not allowed @" + i;
            } else if (isDisallowed(c)) {
                return "invalid character @" + i;
            }
            previous = c;
        }
        return null;
    }

    private static boolean isDisallowed(char c) {
        return (c > '\u0000' && c <= '\u001f')
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || (c >= '\ufff0');
    }

    /** The parent of a valid non-root path ("/a/b" -> "/a", "/a" -> "/"). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.length() == 1) {
            throw new IllegalArgumentException("root has no parent: " + path);
        }
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    /** The last segment of a valid non-root path ("/a/b" -> "b"). */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Joins a parent path and a child name ("/" + "a" -> "/a", "/a" + "b" -> "/a/b"). */
    public static String child(String parent, String name) {
        return parent.length() == 1 ? "/" + name : parent + "/" + name;
    }

    /** Name suffix ZooKeeper appends for sequential nodes: the counter, zero-padded to 10 digits. */
    public static String sequenceSuffix(int counter) {
        return String.format("%010d", counter);
    }
}
