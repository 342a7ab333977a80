package io.thalamus.diffusion.serving.admin;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.diffusion.serving.CodeSet;
import io.thalamus.diffusion.serving.ServedModels;
import io.thalamus.diffusion.serving.config.DiffusionConfig;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.registration.RegistryClient;
import io.thalamus.expert.registration.RegistryReply;
import io.thalamus.expert.security.CallerRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The compute budget of the text-to-image expert, switchable at runtime among the budgets a code set was trained
 * for ({@code thalamus.diffusion.budget} is the one served at startup). A switch loads the budget's code set, routes
 * new prompts with it, and registers the expert again so the registry shows the new codes.
 */
@Path("/v1/admin/diffusion/budget")
@RolesAllowed({AdminRoles.PLATFORM_ADMIN, CallerRoles.ROUTER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BudgetAdminResource {

    private static final Logger LOG = Logger.getLogger(BudgetAdminResource.class);

    private final ServedModels models;
    private final DiffusionConfig config;
    private final ExpertDescriptorFactory descriptors;
    private final RegistryClient registry;
    private final ExpertConfig expert;

    public BudgetAdminResource(ServedModels models, DiffusionConfig config, ExpertDescriptorFactory descriptors,
                               RegistryClient registry, ExpertConfig expert) {
        this.models = models;
        this.config = config;
        this.descriptors = descriptors;
        this.registry = registry;
        this.expert = expert;
    }

    @GET
    public BudgetView get() {
        return view(models.current());
    }

    /** Switches to another budget's code set: 404 problem when none was trained for it. Blocks while it loads. */
    @PUT
    public BudgetView put(BudgetChange change) {
        if (change == null || change.budget() == null) {
            throw new ProblemException(Problem.invalid("Name the budget to serve",
                    List.of(new FieldError("budget", "is required: a share of the full MACs, e.g. 0.65"))));
        }
        CodeSet before = models.current();
        CodeSet now = models.switchTo(change.budget());
        if (now != before) {
            registerAgain();
        }
        return view(now);
    }

    private void registerAgain() {
        if (!expert.registry().enabled() || registry.url().isEmpty()) {
            return;
        }
        ExpertDescriptor descriptor = descriptors.descriptor();
        try {
            RegistryReply reply = registry.register(descriptor);
            LOG.infof("Registered again after the budget switch: %s", reply.describe());
        } catch (RuntimeException e) {
            LOG.warnf("Could not register again after the budget switch (the registry keeps the previous codes until "
                    + "the next registration): %s", e.toString());
        }
    }

    private BudgetView view(CodeSet set) {
        return new BudgetView(set.budget(), set.name(), set.codes().stream()
                .map(code -> new BudgetView.Code(code.index(), code.macsRatio(),
                        config.creditsPerImage() * code.macsRatio(), code.fineTuned()))
                .toList(), models.budgets());
    }
}
