package io.thalamus.registry.expert.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.registry.LoadReport;

/** Reads the load report of a heartbeat body, rejecting it with every bad figure named. */
public final class HeartbeatValidator {

    private HeartbeatValidator() {
    }

    public static LoadReport loadOf(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        JsonNode load = body != null && body.isObject() ? errors.object(body, "load", "load", true) : null;
        if (body == null || !body.isObject()) {
            errors.add("load", "is required: the body is {\"load\": {...}}");
        }
        LoadReport report = null;
        if (load != null) {
            Integer inFlight = errors.integer(load, "inFlight", "load.inFlight", 0, Integer.MAX_VALUE, true);
            Integer queueDepth = errors.integer(load, "queueDepth", "load.queueDepth", 0, Integer.MAX_VALUE, true);
            Double p50 = errors.number(load, "latencyP50Ms", "load.latencyP50Ms", 0, Double.MAX_VALUE, false);
            Double p95 = errors.number(load, "latencyP95Ms", "load.latencyP95Ms", 0, Double.MAX_VALUE, false);
            Double errorRate = errors.number(load, "errorRate", "load.errorRate", 0, 1, false);
            if (errors.isEmpty()) {
                report = new LoadReport(inFlight, queueDepth, orZero(p50), orZero(p95), orZero(errorRate));
            }
        }
        if (!errors.isEmpty()) {
            int count = errors.list().size();
            throw new ProblemException(Problem.invalid("The heartbeat has " + count + " invalid field"
                    + (count == 1 ? "" : "s"), errors.list()));
        }
        return report;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
