package dev.cairn.cli;

import dev.cairn.model.CairnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code cairn} command. Exit codes: 0 success; 1 a check failed (no valid signature,
 * attestation or policy); 2 usage error; 3 invalid input; 4 key error; 5 I/O or registry error;
 * 6 not found; 7 unsupported operation; 70 internal error.
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Supply-chain security for container images: sign, verify, attest.",
        subcommands = {
                GenerateKeyPairCommand.class, ImportKeyPairCommand.class, PublicKeyCommand.class, LoginCommand.class,
                SignCommand.class, VerifyCommand.class, SignBlobCommand.class, VerifyBlobCommand.class,
                AttestCommand.class, VerifyAttestationCommand.class, SbomCommand.class, ScanCommand.class, DbCommand.class, TreeCommand.class, DownloadCommand.class,
                CopyCommand.class, QuickstartCommand.class, PolicyCommand.class, ServerCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** A check did not hold: an expected outcome, distinct from the tool failing. */
    public static final int CHECK_FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new Stdout(), new PrintWriter(System.err, true), args);
    }

    /** A plain {@code scan} ({@link ScanCommand#plain}) runs without picocli; everything else through it. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        ScanCommand scan = ScanCommand.plain(args);
        if (scan != null) {
            return scan.run(out, err);
        }
        return commandLine(out, err, args).execute(args);
    }

    /** How a command's failure is reported, and its exit code. */
    static int failed(Exception ex, PrintWriter err) {
        if (ex instanceof CairnException ce) {
            err.println("cairn: error: " + ce.getMessage());
            return ce.code().exitCode();
        }
        err.println("cairn: internal error: " + ex);
        if (System.getenv("CAIRN_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return 70;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new String[0]);
    }

    /** For {@code scan}, a command line with only that command ({@link ScanCommand#alone}): cold scans are timed. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cli = args.length > 0 && args[0].equals("scan") ? ScanCommand.alone() : new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, commandLine.getErr()));
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
