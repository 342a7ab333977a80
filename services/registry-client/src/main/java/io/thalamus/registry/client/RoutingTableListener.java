package io.thalamus.registry.client;

/**
 * Told about every change a {@link RoutingTable} applies, in order, on the thread that applied it (the follower's
 * thread). Keep it quick; a listener that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface RoutingTableListener {

    void changed(ExpertChange change);
}
