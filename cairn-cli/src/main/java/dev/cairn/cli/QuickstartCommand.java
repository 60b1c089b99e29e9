package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.crypto.KeyFiles;
import dev.cairn.crypto.KeyLoader;
import dev.cairn.crypto.KeyReference;
import dev.cairn.crypto.PasswordPrompt;
import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.Signer;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import dev.cairn.oci.ImageTarget;
import dev.cairn.oci.OciOptions;
import dev.cairn.oci.ScratchImage;
import dev.cairn.oci.layout.OciLayout;
import dev.cairn.policy.StatementPolicy;
import dev.cairn.sbom.Catalogers;
import dev.cairn.sbom.OsRelease;
import dev.cairn.sbom.Sbom;
import dev.cairn.sbom.SbomGenerator;
import dev.cairn.sbom.format.SbomFormats;
import dev.cairn.vuln.db.DbImporter;
import dev.cairn.vuln.db.SqliteAdvisoryDb;
import dev.cairn.vuln.report.ReportFormats;
import dev.cairn.vuln.report.ScanReport;
import dev.cairn.vuln.scan.Gate;
import dev.cairn.vuln.scan.IgnoreRules;
import dev.cairn.vuln.scan.Scanner;
import dev.cairn.vuln.scan.Severity;
import dev.cairn.vuln.scan.Vex;
import dev.cairn.sign.ArtifactTree;
import dev.cairn.sign.ImageSigner;
import dev.cairn.sign.ImageVerifier;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.SignatureFormat;
import dev.cairn.sign.SubjectImage;
import dev.cairn.sign.Subjects;
import dev.cairn.sign.Verdict;
import dev.cairn.sign.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The main job on embedded defaults: builds a small real image in an OCI layout, makes a key,
 * signs (both formats), attests, verifies, shows the tree, and says what was proven. No registry,
 * no Docker, no network.
 */
@Command(name = "quickstart", description = "Run the whole path on a small image Cairn builds itself, offline, and summarise what was proven.")
final class QuickstartCommand implements Callable<Integer> {
    private static final String TAG = "demo";
    private static final String UNSIGNED_TAG = "unsigned";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Working directory (default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("cairn-quickstart-");
        Path layoutDir = work.resolve("image");
        List<String> proven = new ArrayList<>();

        step(out, 1, "Build a small image into an OCI layout");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var manifest = ScratchImage.write(OciLayout.at(layoutDir), TAG, files(), now);
        String image = "oci:" + layoutDir + ":" + TAG;
        out.println("    " + image + " -> " + manifest.digest());

        step(out, 2, "Generate a key pair (cosign format, ECDSA P-256)");
        char[] password = Optional.ofNullable(System.getenv("COSIGN_PASSWORD")).orElse("").toCharArray();
        Path privateKey = work.resolve("cosign.key");
        Path publicKey = work.resolve("cosign.pub");
        KeyFiles.writeKeyPair(SigningKeyPair.generate(), password, privateKey, publicKey, KeyFiles.Existing.REPLACE);
        out.println("    " + privateKey + " (mode 0600, encrypted), " + publicKey);
        KeyLoader keys = new KeyLoader(name -> Optional.ofNullable(System.getenv(name)), PasswordPrompt.fixed(password));

        try (ImageTarget target = ImageTarget.open(image, OciOptions.defaults());
             Signer signer = keys.signer(KeyReference.parse(privateKey.toString()))) {
            SubjectImage subject = Subjects.resolve(target);
            ImageSigner imageSigner = new ImageSigner(signer, Clock.systemUTC());

            step(out, 3, "Sign the image digest, in both cosign storage formats");
            for (SignatureFormat format : SignatureFormat.values()) {
                out.println("    " + format.name().toLowerCase() + ": " + imageSigner.sign(subject, Map.of("stage", "quickstart"), format).where());
            }

            step(out, 4, "Attest SLSA provenance (in-toto statement in a DSSE envelope)");
            out.println("    " + imageSigner.attest(subject, PredicateTypes.resolve("slsaprovenance1"), provenance(now), SignatureFormat.BUNDLE).where());

            step(out, 5, "Generate the image's SBOM (CycloneDX 1.6) and attest it");
            Sbom sbom = new SbomGenerator(Catalogers::all, SbomGenerator.Progress.none()).fromImage(target, SbomGenerator.Scope.SQUASHED);
            ByteArrayOutputStream cdx = new ByteArrayOutputStream();
            SbomFormats.byId("cyclonedx-json").write(sbom, cdx);
            Files.write(work.resolve("sbom.cdx.json"), cdx.toByteArray());
            sbom.packages().forEach(p -> out.println("    " + p.ecosystem().purlType() + " " + p.name() + " " + p.version()));
            out.println("    " + imageSigner.attest(subject, PredicateTypes.resolve("cyclonedx"), Json.object(cdx.toByteArray(), "SBOM"), SignatureFormat.BUNDLE).where());
            require(imageVerifier(keys, publicKey).verifyAttestations(subject, Optional.of(PredicateTypes.resolve("cyclonedx"))).ok(), "SBOM attestation did not verify");
            String sbomProof = ("its SBOM (" + sbom.packages().size() + " packages, " + sbom.os().map(OsRelease::distro).orElse("unknown OS")
                    + ") is attested by the same key: " + work.resolve("sbom.cdx.json"));

            step(out, 6, "Scan the SBOM against the embedded advisory snapshot, with a gate, and attest the scan");
            ScanReport scan = scan(work, sbom);
            out.println("    " + scan.gate().kept().size() + " vulnerabilities: " + scan.gate().kept().stream()
                    .map(f -> f.id() + " in " + f.pkg().name() + " " + f.installedVersion() + " (" + f.level().name().toLowerCase()
                            + ", fixed in " + String.join(", ", f.fixedVersions()) + ")").toList());
            require(scan.gate().passed(), "the gate (fail-on high) failed");
            boolean stricterFails = !new Gate(Optional.of(Severity.MEDIUM), false, IgnoreRules.none(), Vex.none())
                    .evaluate(scan.gate().kept()).passed();
            require(stricterFails, "the gate --fail-on medium passed with medium findings");
            out.println("    gate --fail-on high: PASSED (nothing high or critical); --fail-on medium: FAILS, as it should");
            ByteArrayOutputStream vuln = new ByteArrayOutputStream();
            ReportFormats.byId("cosign-vuln").write(scan, vuln);
            out.println("    " + imageSigner.attest(subject, PredicateTypes.VULN, Json.object(vuln.toByteArray(), "scan"), SignatureFormat.BUNDLE).where());
            String scanProof = "a scan of that SBOM against the embedded advisories passes the gate --fail-on high ("
                    + scan.gate().kept().size() + " medium findings in requests 2.28.1), and the scan is attested";

            step(out, 7, "Verify signatures and the attestation with the public key");
            SignatureVerifier verifier = keys.verifier(KeyReference.parse(publicKey.toString()));
            ImageVerifier imageVerifier = new ImageVerifier(verifier);
            Verdict<Verdict.Signature> signatures = imageVerifier.verifySignatures(subject, Map.of("stage", "quickstart"));
            require(signatures.ok() && signatures.verified().size() == 2, "signatures did not verify: " + signatures.failureMessage("signature"));
            out.println("    " + signatures.verified().size() + " signatures verified (bundle and legacy), annotation stage=quickstart present");
            proven.add("the image " + subject.digest().shortForm() + "… was signed by the key in " + publicKey + ", in both cosign formats");

            Verdict<Verdict.Attestation> attestations = imageVerifier.verifyAttestations(subject, Optional.of(PredicateTypes.resolve("slsaprovenance1")));
            require(attestations.ok(), attestations.failureMessage("attestation"));
            StatementPolicy policy = StatementPolicy.compile("predicate.runDetails.builder.id == 'https://cairn.dev/quickstart'");
            for (Verdict.Attestation a : attestations.verified()) {
                require(policy.evaluate(a.statement(), a.statementJson()) instanceof StatementPolicy.Outcome.Satisfied, "provenance policy not satisfied");
            }
            out.println("    SLSA provenance verified; CEL policy holds: " + policy.source());
            proven.add("its SLSA provenance is signed by the same key, names exactly this digest, and satisfies the CEL policy");
            proven.add(sbomProof);
            proven.add(scanProof);

            step(out, 8, "Check that verification refuses what it must");
            SignatureVerifier stranger = SignatureVerifier.of(SigningKeyPair.generate().publicKey());
            require(!new ImageVerifier(stranger).verifySignatures(subject, Map.of()).ok(), "a foreign key verified");
            require(!imageVerifier.verifySignatures(subject, Map.of("stage", "production")).ok(), "a wrong annotation verified");
            out.println("    another key: refused; annotation stage=production: refused");
            proven.add("a different key and a wrong annotation are both refused");

            step(out, 9, "Enforce at admission: cairn server (HTTPS webhook) with a Kyverno ClusterPolicy requiring this key");
            ScratchImage.write(OciLayout.at(layoutDir), UNSIGNED_TAG, unsignedFiles(), now);
            String signedImage = QuickstartAdmission.REPOSITORY + ":" + TAG;
            String unsignedImage = QuickstartAdmission.REPOSITORY + ":" + UNSIGNED_TAG;
            List<QuickstartAdmission.Answer> answers = QuickstartAdmission.run(work, layoutDir,
                    keys.verifier(KeyReference.parse(publicKey.toString())).publicKey(), List.of(signedImage, unsignedImage));
            QuickstartAdmission.Answer admitted = answers.get(0);
            QuickstartAdmission.Answer denied = answers.get(1);
            require(admitted.allowed() && admitted.pinned().equals(List.of(signedImage + "@" + subject.digest())),
                    "the Pod with the signed image was not admitted and pinned: " + admitted);
            require(!denied.allowed(), "the Pod with the unsigned image was admitted");
            out.println("    Pod running " + signedImage + ": ADMITTED, image pinned to " + admitted.pinned().getFirst());
            out.println("    Pod running " + unsignedImage + ": DENIED: " + denied.message());
            out.println("    policy: " + work.resolve("policy.yaml"));
            proven.add("at admission, a Pod with the signed image is admitted and pinned to its digest; a Pod with an unsigned image is denied");

            step(out, 10, "Tree of everything attached");
            TreeCommand.print(ArtifactTree.of(subject), out);
        }

        out.println();
        out.println("Summary — proven offline, on embedded defaults:");
        proven.forEach(p -> out.println("  ✔ " + p));
        out.println("Files are in " + work + "; try: ./cairn verify --key " + publicKey + " " + image);
        return 0;
    }

    /** Imports the embedded advisories (real GHSA records, see quickstart/advisories/SOURCE.md) and scans. */
    private static ScanReport scan(Path work, Sbom sbom) throws IOException {
        Path advisories = Files.createDirectories(work.resolve("advisories"));
        for (String id : List.of("GHSA-9hjg-9r4m-mvj7", "GHSA-9wx4-h78v-vm56", "GHSA-j8r2-6x86-q33q")) {
            try (var in = QuickstartCommand.class.getResourceAsStream("quickstart/advisories/" + id + ".json")) {
                Files.copy(java.util.Objects.requireNonNull(in, id), advisories.resolve(id + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path db = work.resolve("vuln.db");
        DbImporter.importInto(db, List.of(advisories), Clock.systemUTC());
        try (SqliteAdvisoryDb open = SqliteAdvisoryDb.open(db)) {
            return new Scanner(open, db.toString(), new Main.Version().getVersion()[0], Clock.systemUTC())
                    .scan(sbom, new Gate(Optional.of(Severity.HIGH), false, IgnoreRules.none(), Vex.none()));
        }
    }

    private static ImageVerifier imageVerifier(KeyLoader keys, Path publicKey) {
        return new ImageVerifier(keys.verifier(KeyReference.parse(publicKey.toString())));
    }

    private static void step(PrintWriter out, int n, String title) {
        out.println("[" + n + "] " + title);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new CairnException(ErrorCode.INTERNAL, "quickstart check failed: " + message);
        }
    }

    /** Another image, never signed: what admission must refuse. */
    private static TreeMap<String, byte[]> unsignedFiles() {
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("etc/motd", utf8("nobody signed this image\n"));
        return files;
    }

    /** A tiny Debian-like root filesystem: enough for later steps (SBOM) to find real metadata. */
    private static TreeMap<String, byte[]> files() {
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("etc/os-release", utf8("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """));
        files.put("var/lib/dpkg/status", utf8("""
                Package: base-files
                Essential: yes
                Status: install ok installed
                Priority: required
                Section: admin
                Installed-Size: 340
                Maintainer: Santiago Vila <sanvila@debian.org>
                Architecture: amd64
                Multi-Arch: foreign
                Version: 12.4+deb12u5
                Description: Debian base system miscellaneous files

                Package: tzdata
                Status: install ok installed
                Priority: required
                Section: localization
                Installed-Size: 3187
                Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
                Architecture: all
                Multi-Arch: foreign
                Version: 2024a-0+deb12u1
                Depends: debconf (>= 0.5) | debconf-2.0
                Description: time zone and daylight-saving time data

                """));
        files.put("usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA", utf8("""
                Metadata-Version: 2.1
                Name: requests
                Version: 2.28.1
                Summary: Python HTTP for Humans.
                License: Apache 2.0
                Requires-Dist: charset-normalizer (<3,>=2)
                Requires-Dist: idna (<4,>=2.5)

                """));
        files.put("usr/local/bin/hello", utf8("#!/bin/sh\necho 'hello from an image signed by cairn'\n"));
        return files;
    }

    private static ObjectNode provenance(Instant now) {
        ObjectNode predicate = Json.MAPPER.createObjectNode();
        ObjectNode build = predicate.putObject("buildDefinition");
        build.put("buildType", "https://cairn.dev/quickstart/v1");
        build.putObject("externalParameters").put("source", "cairn quickstart");
        ObjectNode run = predicate.putObject("runDetails");
        run.putObject("builder").put("id", "https://cairn.dev/quickstart");
        run.putObject("metadata").put("startedOn", now.toString());
        return predicate;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
