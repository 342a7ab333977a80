package io.thalamus.registry.expert.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.api.expert.Capacity;
import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.ExpertDomain;
import io.thalamus.api.expert.LatencyProfile;
import io.thalamus.api.expert.NodeInfo;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.expert.QualityPrior;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.support.net.UnsafeUrlException;
import io.thalamus.support.net.UrlGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a registration body into an {@link ExpertDescriptor}, or answers 400 listing every invalid field at once.
 * Reads the JSON tree itself rather than binding it, so one bad value (an unknown protocol, a malformed task id)
 * does not hide the others. Checks the endpoint against SSRF, which resolves its host: call off the event loop.
 */
@ApplicationScoped
public class DescriptorReader {

    private static final Pattern EXPERT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Path segments of the API under /v1/experts that an id would shadow. */
    private static final Set<String> RESERVED_IDS = Set.of("snapshot");
    private static final String PROTOCOLS = Arrays.stream(Protocol.values()).map(Protocol::wireName)
            .collect(Collectors.joining(", "));
    private static final String MODALITIES = Arrays.stream(Modality.values()).map(Modality::wireName)
            .collect(Collectors.joining(", "));

    private final RegistryConfig.Limits limits;
    private final UrlGuard endpointGuard;

    public DescriptorReader(RegistryConfig config, UrlGuard endpointGuard) {
        this.limits = config.limits();
        this.endpointGuard = endpointGuard;
    }

    /** Checks an expert id taken from a URL. */
    public void checkId(String id) {
        String problem = idProblem(id);
        if (problem != null) {
            throw new ProblemException(Problem.invalid("The expert id is invalid: " + problem,
                    List.of(new FieldError("id", problem))));
        }
    }

    public ExpertDescriptor read(String pathId, JsonNode body) {
        FieldErrors errors = new FieldErrors();
        if (body == null || !body.isObject()) {
            errors.add("", "the body must be a JSON object (an expert descriptor)");
            throw invalid(errors);
        }
        String idProblem = idProblem(pathId);
        if (idProblem != null) {
            errors.add("id", idProblem);
        }
        JsonNode idNode = body.get("id");
        if (errors.present(idNode) && !(idNode.isTextual() && idNode.asText().equals(pathId))) {
            errors.add("id", "must match the id in the URL ('" + pathId + "') or be left out");
        }
        String modelId = errors.text(body, "modelId", "modelId", limits.maxTextLength(), true);
        Set<String> declaredTasks = new LinkedHashSet<>();
        List<TaskId> tasks = tasks(body, errors, declaredTasks);
        Set<Modality> inputs = modalities(body, "inputModalities", errors);
        Set<Modality> outputs = modalities(body, "outputModalities", errors);
        URI endpoint = endpoint(body, errors);
        Protocol protocol = protocol(body, errors);
        CostModel cost = cost(body, errors);
        Map<String, QualityPrior> quality = quality(body, declaredTasks, errors);
        LatencyProfile latency = latency(body, errors);
        Capacity capacity = capacity(body, errors);
        NodeInfo node = node(body, errors);
        ExpertDomain domain = domain(body, errors);
        // honoured only for platform admins, who may register on someone's behalf
        String owner = errors.text(body, "owner", "owner", limits.maxTextLength(), false);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new ExpertDescriptor(pathId, modelId, tasks, inputs, outputs, endpoint, protocol, cost, quality,
                latency, capacity, node, owner, domain);
    }

    private String idProblem(String id) {
        if (id == null || id.isBlank()) {
            return "is required";
        }
        if (id.length() > limits.maxIdLength()) {
            return "must be at most " + limits.maxIdLength() + " characters";
        }
        if (RESERVED_IDS.contains(id)) {
            return "'" + id + "' is reserved";
        }
        if (!EXPERT_ID.matcher(id).matches()) {
            return "'" + id + "' must consist of letters, digits, '.', '_' and '-', starting with a letter or digit";
        }
        return null;
    }

    /** The task list; {@code declared} receives every well-formed task id even when others are not. */
    private List<TaskId> tasks(JsonNode body, FieldErrors errors, Set<String> declared) {
        JsonNode array = errors.array(body, "tasks", "tasks", true);
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            errors.add("tasks", "must list at least one task");
            return null;
        }
        if (array.size() > limits.maxTasks()) {
            errors.add("tasks", "must list at most " + limits.maxTasks() + " tasks (got " + array.size() + ")");
            return null;
        }
        Set<TaskId> tasks = new LinkedHashSet<>();
        boolean valid = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode task = array.get(i);
            String field = "tasks[" + i + "]";
            if (!task.isTextual() || !TaskId.isValid(task.asText())) {
                errors.add(field, "'" + task.asText() + "' is not a task id: lower-case letters, digits and '-', "
                        + "starting with a letter, at most 64 characters");
                valid = false;
            } else if (!tasks.add(TaskId.of(task.asText()))) {
                errors.add(field, "'" + task.asText() + "' is listed twice");
                valid = false;
            } else {
                declared.add(task.asText());
            }
        }
        return valid ? List.copyOf(tasks) : null;
    }

    private Set<Modality> modalities(JsonNode body, String name, FieldErrors errors) {
        JsonNode array = errors.array(body, name, name, true);
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            errors.add(name, "must list at least one modality (" + MODALITIES + ")");
            return null;
        }
        Set<Modality> modalities = EnumSet.noneOf(Modality.class);
        boolean valid = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            Modality modality = value.isTextual() ? modality(value.asText()) : null;
            if (modality == null) {
                errors.add(name + "[" + i + "]", "unknown modality '" + value.asText() + "', expected one of "
                        + MODALITIES);
                valid = false;
            } else {
                modalities.add(modality);
            }
        }
        return valid ? modalities : null;
    }

    private static Modality modality(String value) {
        return Arrays.stream(Modality.values()).filter(m -> m.wireName().equals(value)).findFirst().orElse(null);
    }

    private URI endpoint(JsonNode body, FieldErrors errors) {
        String text = errors.text(body, "endpoint", "endpoint", limits.maxEndpointLength(), true);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("endpoint", "is not a valid URL: " + e.getReason());
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            errors.add("endpoint", "must be a base URL without query or fragment");
            return null;
        }
        try {
            endpointGuard.check(uri);
        } catch (UnsafeUrlException e) {
            errors.add("endpoint", "'" + text + "' is refused: " + e.getMessage());
            return null;
        }
        return uri;
    }

    private static Protocol protocol(JsonNode body, FieldErrors errors) {
        JsonNode node = body.get("protocol");
        if (!errors.present(node)) {
            errors.add("protocol", "is required, one of " + PROTOCOLS);
            return null;
        }
        return Arrays.stream(Protocol.values()).filter(p -> node.isTextual() && p.wireName().equals(node.asText()))
                .findFirst()
                .orElseGet(() -> {
                    errors.add("protocol", "unknown protocol '" + node.asText() + "', expected one of " + PROTOCOLS);
                    return null;
                });
    }

    private CostModel cost(JsonNode body, FieldErrors errors) {
        JsonNode cost = errors.object(body, "cost", "cost", true);
        if (cost == null) {
            return null;
        }
        Double perRequest = errors.number(cost, "creditsPerRequest", "cost.creditsPerRequest", 0,
                limits.maxCredits(), true);
        Double perGpuSecond = errors.number(cost, "creditsPerGpuSecond", "cost.creditsPerGpuSecond", 0,
                limits.maxCredits(), true);
        return perRequest == null || perGpuSecond == null ? null : new CostModel(perRequest, perGpuSecond);
    }

    private Map<String, QualityPrior> quality(JsonNode body, Set<String> declaredTasks, FieldErrors errors) {
        JsonNode quality = errors.object(body, "quality", "quality", false);
        if (quality == null) {
            return Map.of();
        }
        Map<String, QualityPrior> priors = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = quality.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String field = "quality." + entry.getKey();
            if (!declaredTasks.contains(entry.getKey())) {
                errors.add(field, "'" + entry.getKey() + "' is not one of the declared tasks " + declaredTasks);
                continue;
            }
            if (!entry.getValue().isObject()) {
                errors.add(field, "must be an object with 'score' (0..1) and 'source'");
                continue;
            }
            Double score = errors.number(entry.getValue(), "score", field + ".score", 0, 1, true);
            String source = errors.text(entry.getValue(), "source", field + ".source", limits.maxTextLength(), false);
            if (score != null) {
                priors.put(entry.getKey(), new QualityPrior(score, source));
            }
        }
        return priors;
    }

    private LatencyProfile latency(JsonNode body, FieldErrors errors) {
        JsonNode latency = errors.object(body, "latency", "latency", true);
        if (latency == null) {
            return null;
        }
        Integer p50 = errors.integer(latency, "p50Ms", "latency.p50Ms", 0, limits.maxLatencyMs(), true);
        Integer p95 = errors.integer(latency, "p95Ms", "latency.p95Ms", 0, limits.maxLatencyMs(), true);
        if (p50 == null || p95 == null) {
            return null;
        }
        if (p95 < p50) {
            errors.add("latency.p95Ms", "must not be below latency.p50Ms (" + p95 + " < " + p50 + ")");
            return null;
        }
        return new LatencyProfile(p50, p95);
    }

    private Capacity capacity(JsonNode body, FieldErrors errors) {
        JsonNode capacity = errors.object(body, "capacity", "capacity", true);
        if (capacity == null) {
            return null;
        }
        Integer concurrency = errors.integer(capacity, "maxConcurrency", "capacity.maxConcurrency", 1,
                limits.maxConcurrency(), true);
        Integer batch = errors.integer(capacity, "maxBatch", "capacity.maxBatch", 1, limits.maxBatch(), true);
        return concurrency == null || batch == null ? null : new Capacity(concurrency, batch);
    }

    private NodeInfo node(JsonNode body, FieldErrors errors) {
        JsonNode node = errors.object(body, "node", "node", false);
        if (node == null) {
            return null;
        }
        String gpuModel = errors.text(node, "gpuModel", "node.gpuModel", limits.maxTextLength(), false);
        Integer gpuMemory = errors.integer(node, "gpuMemoryMb", "node.gpuMemoryMb", 0, Integer.MAX_VALUE, false);
        String zone = errors.text(node, "zone", "node.zone", limits.maxTextLength(), false);
        Map<String, String> labels = labels(node, errors);
        return new NodeInfo(gpuModel, gpuMemory, zone, labels);
    }

    /** The optional domain: a name and 1..max-pilot-queries distinct, non-blank pilot queries. */
    private ExpertDomain domain(JsonNode body, FieldErrors errors) {
        JsonNode domain = errors.object(body, "domain", "domain", false);
        if (domain == null) {
            return null;
        }
        String name = errors.text(domain, "name", "domain.name", limits.maxTextLength(), true);
        JsonNode array = errors.array(domain, "pilotQueries", "domain.pilotQueries", true);
        if (array == null) {
            return null;
        }
        if (array.isEmpty() || array.size() > limits.maxPilotQueries()) {
            errors.add("domain.pilotQueries", "must list 1 to " + limits.maxPilotQueries()
                    + " example queries of the domain (got " + array.size() + ")");
            return null;
        }
        Set<String> queries = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "domain.pilotQueries[" + i + "]";
            String query = errors.text(array, i, field, limits.maxPilotQueryLength());
            if (query != null && !queries.add(query)) {
                errors.add(field, "is listed twice");
            }
        }
        return name == null ? null : new ExpertDomain(name, List.copyOf(queries));
    }

    private Map<String, String> labels(JsonNode node, FieldErrors errors) {
        JsonNode labels = errors.object(node, "labels", "node.labels", false);
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > limits.maxLabels()) {
            errors.add("node.labels", "must have at most " + limits.maxLabels() + " labels (got " + labels.size() + ")");
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        labels.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String field = "node.labels." + name;
            if (name.isBlank() || name.length() > limits.maxTextLength()) {
                errors.add(field, "label names must be 1 to " + limits.maxTextLength() + " characters");
                continue;
            }
            String value = errors.text(labels, name, field, limits.maxTextLength(), true);
            if (value != null) {
                result.put(name, value);
            }
        }
        return result;
    }

    private static ProblemException invalid(FieldErrors errors) {
        List<FieldError> list = errors.list();
        String fields = list.stream().map(FieldError::field).distinct()
                .map(field -> field.isEmpty() ? "(body)" : field)
                .collect(Collectors.joining(", "));
        return new ProblemException(Problem.invalid("The expert descriptor has " + list.size() + " invalid field"
                + (list.size() == 1 ? "" : "s") + ": " + fields, list));
    }
}
