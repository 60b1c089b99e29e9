package dev.cairn.cli;

import dev.cairn.oci.ImageTarget;
import dev.cairn.sign.ArtifactTree;
import dev.cairn.sign.Subjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "tree", description = "List every signature, attestation and referrer attached to an image.")
final class TreeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        try (ImageTarget target = registry.open(image)) {
            print(ArtifactTree.of(Subjects.resolve(target)), spec.commandLine().getOut());
        }
        return 0;
    }

    static void print(ArtifactTree tree, PrintWriter out) {
        out.println("Supply chain artifacts for " + tree.image().display());
        if (tree.sections().isEmpty()) {
            out.println("└── (nothing attached)");
        }
        for (ArtifactTree.Section section : tree.sections()) {
            out.println("└── " + section.title() + ": " + section.where());
            section.entries().forEach(e -> out.println("    └── " + e));
        }
    }
}
