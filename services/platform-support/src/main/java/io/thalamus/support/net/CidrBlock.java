package io.thalamus.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a one-address range. */
record CidrBlock(byte[] network, int prefixLength) {

    static CidrBlock parse(String text) {
        String[] parts = text.trim().split("/", 2);
        if (!isLiteralAddress(parts[0])) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            return new CidrBlock(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block", e);
        }
    }

    /** Whether an allow-list entry is an address or CIDR block rather than a host name. */
    static boolean isLiteralAddress(String text) {
        String address = text.trim().split("/", 2)[0];
        return address.matches("[0-9.]+") || address.contains(":");
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainingBits) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
