package io.thalamus.diffusion.data;

/** What a generated image shows, exactly: the ground truth its prompt describes and a judge checks. */
public sealed interface Layout permits ShapeLayout, TextLayout {

    /** The kind of prompt, for reports of which prompts land on which sub-network. */
    PromptKind kind();
}
