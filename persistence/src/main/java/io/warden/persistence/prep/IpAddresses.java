package io.warden.persistence.prep;

/**
 * The "ip" ACL scheme, with ZooKeeper's parsing rules: an ACL id is an IPv4 dotted quad or an
 * IPv6 address (eight hex groups, or fewer around one "::"), optionally followed by "/bits"; it
 * matches a client whose address agrees on the first {@code bits} bits (all bits by default).
 * IPv4 and IPv6 never match each other, and no host names: ZooKeeper resolves nothing either.
 */
final class IpAddresses {
    private IpAddresses() {
    }

    /** True when ZooKeeper would accept the id in an "ip" ACL. */
    static boolean isValidAclId(String aclId) {
        String[] parts = aclId.split("/", 2);
        byte[] address = parse(parts[0]);
        if (address == null) {
            return false;
        }
        return parts.length == 1 || prefixBits(parts[1], address.length) >= 0;
    }

    /** True when the client address lies inside the ACL id's address or network. */
    static boolean matches(String clientAddress, String aclId) {
        String[] parts = aclId.split("/", 2);
        byte[] network = parse(parts[0]);
        if (network == null) {
            return false;
        }
        int bits = parts.length == 1 ? network.length * 8 : prefixBits(parts[1], network.length);
        byte[] client = parse(clientAddress);
        if (bits < 0 || client == null || client.length != network.length) {
            return false;
        }
        mask(network, bits);
        mask(client, bits);
        return java.util.Arrays.equals(network, client);
    }

    /** The prefix length, or -1 when it is not a number in [0, 8 * addressBytes]. */
    private static int prefixBits(String text, int addressBytes) {
        try {
            int bits = Integer.parseInt(text);
            return bits >= 0 && bits <= addressBytes * 8 ? bits : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** 4 or 16 bytes, or null when the text is neither address form. */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        if (text.indexOf('.') >= 0) {
            return parseV4(text);
        }
        return null;
    }

    private static byte[] parseV4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int value = Integer.parseInt(octets[i]);
                if (value < 0 || value > 255) {
                    return null;
                }
                address[i] = (byte) value;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return address;
    }

    private static byte[] parseV6(String text) {
        String[] halves = text.split("::", -1);
        String[] head;
        String[] tail;
        if (halves.length == 1) {
            head = halves[0].split(":", -1);
            tail = new String[0];
            if (head.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            tail = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            // "::" stands for at least one zero group.
            if (head.length + tail.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] address = new byte[16];
        if (!putGroups(address, 0, head) || !putGroups(address, 16 - 2 * tail.length, tail)) {
            return null;
        }
        return address;
    }

    private static boolean putGroups(byte[] address, int offset, String[] groups) {
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4) {
                return false;
            }
            int value;
            try {
                value = Integer.parseInt(group, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            address[offset++] = (byte) (value >> 8);
            address[offset++] = (byte) value;
        }
        return true;
    }

    /** Clears every bit after the first {@code bits}. */
    private static void mask(byte[] address, int bits) {
        for (int i = 0; i < address.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            address[i] &= (byte) (0xFF00 >> keep);
        }
    }
}
