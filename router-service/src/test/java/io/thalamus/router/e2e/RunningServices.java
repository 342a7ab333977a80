package io.thalamus.router.e2e;

import io.thalamus.testkit.process.ServiceProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * The service processes a test started, stopped together when it ends, last started first: experts deregister while
 * their registry still runs, so the next test's router does not see them as healthy until their leases expire.
 */
final class RunningServices implements AutoCloseable {

    private final List<ServiceProcess> processes = new ArrayList<>();

    ServiceProcess add(ServiceProcess process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
