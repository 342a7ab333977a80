package io.thalamus.registry.security;

import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;

/** An expert changes only the registrations it owns; a platform admin changes any. */
public final class Ownership {

    private Ownership() {
    }

    public static void requireOwnerOrAdmin(Caller caller, String expertId, String owner) {
        if (!caller.admin() && !caller.owns(owner)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Expert '" + expertId + "' is registered by '" + owner
                    + "'; only its owner or a platform admin may change it (you are '" + caller.clientId() + "')");
        }
    }
}
