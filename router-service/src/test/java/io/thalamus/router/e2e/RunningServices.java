package io.thalamus.router.e2e;

import io.thalamus.testkit.process.ServiceProcess;

import java.util.ArrayList;
import java.util.List;

/** The service processes a test started, stopped together when it ends. */
final class RunningServices implements AutoCloseable {

    private final List<ServiceProcess> processes = new ArrayList<>();

    ServiceProcess add(ServiceProcess process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        processes.forEach(ServiceProcess::close);
    }
}
