package io.thalamus.router.graphql;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.quota.QuotaAdministration;
import io.thalamus.router.quota.QuotaDefinitions;
import io.thalamus.router.quota.QuotaLimits;
import io.thalamus.router.quota.QuotaScope;
import io.thalamus.router.quota.TenantQuotas;
import io.thalamus.router.security.CallerTenant;
import io.thalamus.router.security.Roles;
import io.thalamus.router.tenant.TenantDirectory;
import io.thalamus.router.tenant.TenantSummary;
import io.thalamus.router.usage.UsageReport;
import io.thalamus.router.usage.UsageService;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.GraphQLException;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;
import java.util.function.Supplier;

/**
 * Tenancy over GraphQL, like the REST API: a tenant's own quotas and usage; for platform admins, any tenant's
 * usage and quotas, quota changes, and the tenants.
 */
@GraphQLApi
@Authenticated
public class TenancyGraphQlApi {

    private final UsageService usage;
    private final QuotaDefinitions definitions;
    private final QuotaAdministration quotas;
    private final TenantDirectory tenants;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public TenancyGraphQlApi(UsageService usage, QuotaDefinitions definitions, QuotaAdministration quotas,
                             TenantDirectory tenants, CallerTenant callerTenant, SecurityIdentity identity) {
        this.usage = usage;
        this.definitions = definitions;
        this.quotas = quotas;
        this.tenants = tenants;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @Query("usage")
    @Description("The caller's tenant's usage from 'from' to 'to' (UTC dates, inclusive; default the last 30 days) "
            + "and today's balance")
    public Uni<UsageReport> usage(@Name("from") String from, @Name("to") String to) throws GraphQLException {
        String tenant = tenant();
        return problems(() -> usage.report(tenant, from, to));
    }

    @Query("quotas")
    @Description("The caller's tenant's effective quotas")
    public Uni<TenantQuotas> quotas() throws GraphQLException {
        return definitions.of(tenant());
    }

    @Query("tenantUsage")
    @Description("Any tenant's usage (platform admins)")
    public Uni<UsageReport> tenantUsage(@Name("tenant") @NonNull String tenant, @Name("from") String from,
                                        @Name("to") String to) throws GraphQLException {
        requirePlatformAdmin();
        return problems(() -> usage.report(tenant, from, to));
    }

    @Query("tenantQuotas")
    @Description("Any tenant's effective quotas (platform admins)")
    public Uni<TenantQuotas> tenantQuotas(@Name("tenant") @NonNull String tenant) throws GraphQLException {
        requirePlatformAdmin();
        return quotas.get(tenant);
    }

    @Query("tenants")
    @Description("Every tenant (platform admins)")
    public Uni<List<TenantSummary>> tenants() throws GraphQLException {
        requirePlatformAdmin();
        return problems(tenants::list);
    }

    @Mutation("setQuota")
    @Description("Sets a tenant's limits, tenant-wide or for one task (platform admins); a measure left out is "
            + "not limited there (tenant-wide: the configured default applies)")
    public Uni<TenantQuotas> setQuota(@Name("tenant") @NonNull String tenant, @Name("task") String task,
                                      @Name("limits") @NonNull QuotaLimits limits) throws GraphQLException {
        requirePlatformAdmin();
        return problems(() -> quotas.set(tenant, task == null ? QuotaScope.ALL_TASKS : task, limits));
    }

    /** Admin operations answer a GraphQL error naming the missing role (an annotation would answer no message). */
    private void requirePlatformAdmin() throws GraphQLException {
        if (!identity.hasRole(Roles.PLATFORM_ADMIN)) {
            throw GraphQlProblems.of(new ProblemException(ProblemType.FORBIDDEN,
                    "This operation needs the role '" + Roles.PLATFORM_ADMIN + "'"));
        }
    }

    private String tenant() throws GraphQLException {
        try {
            return callerTenant.of(identity);
        } catch (ProblemException e) {
            throw GraphQlProblems.of(e);
        }
    }

    /** The call's problems, thrown at once or failing the Uni, as GraphQL errors naming what is wrong. */
    private static <T> Uni<T> problems(Supplier<Uni<T>> call) {
        try {
            return call.get().onFailure(ProblemException.class)
                    .transform(failure -> GraphQlProblems.of((ProblemException) failure));
        } catch (ProblemException e) {
            return Uni.createFrom().failure(GraphQlProblems.of(e));
        }
    }
}
