package io.thalamus.router.tenant;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.quota.QuotaAdministration;
import io.thalamus.router.quota.QuotaScope;
import io.thalamus.router.security.CallerTenant;
import io.thalamus.router.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Tenants are Keycloak Organizations. Creating one creates the organisation, a confidential client
 * {@code <tenant>-app} whose service account has the {@code tenant-user} role and whose tokens name the tenant in
 * their {@code organization} claim, and the tenant's quotas. A failure part-way removes what was created.
 */
@ApplicationScoped
public class TenantDirectory {

    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private final Keycloak keycloak;
    private final TenantConfig config;
    private final QuotaAdministration quotas;

    public TenantDirectory(Keycloak keycloak, TenantConfig config, QuotaAdministration quotas) {
        this.keycloak = keycloak;
        this.config = config;
        this.quotas = quotas;
    }

    public Uni<CreatedTenant> create(NewTenant tenant) {
        validate(tenant);
        return Uni.createFrom().item(() -> provision(tenant))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(account -> (tenant.quotas() == null ? quotas.get(tenant.name())
                        : quotas.set(tenant.name(), QuotaScope.ALL_TASKS, tenant.quotas()))
                        .map(limits -> new CreatedTenant(tenant.name(), account.clientId(), account.secret(),
                                config.issuer() + "/protocol/openid-connect/token", limits)));
    }

    public Uni<List<TenantSummary>> list() {
        return Uni.createFrom().item(() -> keycloakCall("list the organisations", () -> realm().organizations()
                        .getAll().stream()
                        .map(org -> new TenantSummary(org.getAlias(), org.isEnabled(), org.getDescription(),
                                org.getDomains() == null ? List.of() : org.getDomains().stream()
                                        .map(OrganizationDomainRepresentation::getName).sorted().toList()))
                        .toList()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private record ServiceAccount(String clientId, String secret) {
    }

    private ServiceAccount provision(NewTenant tenant) {
        RealmResource realm = realm();
        String name = tenant.name();
        String clientId = name + "-app";
        boolean exists = keycloakCall("look the tenant up", () ->
                !realm.organizations().search(name, true, 0, 1).isEmpty()
                        || !realm.clients().findByClientId(clientId).isEmpty());
        if (exists) {
            throw new ProblemException(ProblemType.CONFLICT, "Tenant '" + name + "' (or its client '" + clientId
                    + "') exists already");
        }
        String organizationId = keycloakCall("create the organisation", () ->
                created(realm.organizations().create(organization(tenant))));
        String clientUuid = null;
        try {
            clientUuid = keycloakCall("create the service account", () ->
                    created(realm.clients().create(serviceAccountClient(name, clientId))));
            String uuid = clientUuid;
            return keycloakCall("grant the tenant-user role", () -> {
                UserRepresentation account = realm.clients().get(uuid).getServiceAccountUser();
                RoleRepresentation role = realm.roles().get(Roles.TENANT_USER).toRepresentation();
                realm.users().get(account.getId()).roles().realmLevel().add(List.of(role));
                return new ServiceAccount(clientId, realm.clients().get(uuid).getSecret().getValue());
            });
        } catch (RuntimeException failure) {
            undo(realm, organizationId, clientUuid, name);
            throw failure;
        }
    }

    private static OrganizationRepresentation organization(NewTenant tenant) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(tenant.name());
        organization.setAlias(tenant.name());
        organization.setEnabled(true);
        organization.setDescription("Tenant " + tenant.name());
        organization.addDomain(new OrganizationDomainRepresentation(
                tenant.domain() == null ? tenant.name() + ".tenants.invalid" : tenant.domain()));
        return organization;
    }

    private static ClientRepresentation serviceAccountClient(String tenant, String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(clientId);
        client.setDescription("Service account of tenant " + tenant);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setClientAuthenticatorType("client-secret");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        ProtocolMapperRepresentation organization = new ProtocolMapperRepresentation();
        organization.setName(CallerTenant.CLAIM);
        organization.setProtocol("openid-connect");
        organization.setProtocolMapper("oidc-hardcoded-claim-mapper");
        organization.setConfig(Map.of(
                "claim.name", CallerTenant.CLAIM,
                "claim.value", "[\"" + tenant + "\"]",
                "jsonType.label", "JSON",
                "access.token.claim", "true",
                "id.token.claim", "true",
                "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(organization));
        return client;
    }

    private static void undo(RealmResource realm, String organizationId, String clientUuid, String tenant) {
        try {
            if (clientUuid != null) {
                realm.clients().get(clientUuid).remove();
            }
            realm.organizations().get(organizationId).delete().close();
        } catch (RuntimeException e) {
            LOG.errorf("Creating tenant '%s' failed and what was created could not all be removed: %s", tenant,
                    e.toString());
        }
    }

    private RealmResource realm() {
        return keycloak.realm(config.realm());
    }

    private static String created(Response response) {
        try (response) {
            if (response.getStatus() == 409) {
                throw new ProblemException(ProblemType.CONFLICT, "Keycloak has a conflicting entry: "
                        + response.readEntity(String.class));
            }
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** Runs a Keycloak admin call; its failures become a 502 naming the step (never the credentials). */
    private static <T> T keycloakCall(String step, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProblemException e) {
            throw e;
        } catch (WebApplicationException e) {
            throw new ProblemException(ProblemType.IDENTITY_PROVIDER_FAILED, "Keycloak refused to " + step
                    + " (HTTP " + e.getResponse().getStatus() + ")");
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.IDENTITY_PROVIDER_FAILED, "Keycloak could not be reached to "
                    + step + ": " + e.getClass().getSimpleName());
        }
    }

    private static void validate(NewTenant tenant) {
        if (tenant == null || tenant.name() == null || !NAME.matcher(tenant.name()).matches()) {
            throw new ProblemException(Problem.invalid("Invalid tenant", List.of(new FieldError("name",
                    "must be 2 to 40 lower-case letters, digits or '-', starting with a letter"))));
        }
    }
}
