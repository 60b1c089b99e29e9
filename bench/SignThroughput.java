// In-process ECDSA P-256 throughput of Cairn's own signing API, one thread.
//
//   ./cairn --version      # builds cairn-cli/target/cairn-cli.jar and its lib/ on first use
//   JAVA_HOME=$(scripts/java-home)
//   $JAVA_HOME/bin/java -cp "cairn-cli/target/cairn-cli.jar:cairn-cli/target/lib/*" bench/SignThroughput.java [SECONDS]
//
// Measures, after a warm-up, for SECONDS (default 3) each:
//   sign    dev.cairn.crypto.Signer.sign over a cosign simple-signing payload (~240 bytes)
//   verify  dev.cairn.crypto.SignatureVerifier.verify of that signature
//   legacy  the whole offline part of `cosign sign --new-bundle-format=false`: build the payload JSON,
//           sign, base64 the signature (what goes into the .sig layer and its annotation)
//   bundle  the whole offline part of `cosign sign` (v3 bundle): in-toto statement JSON, DSSE PAE,
//           sign, Sigstore bundle JSON
//   key     cosign's encrypted-key format (scrypt N=32768,r=8,p=1 + secretbox): the first scrypt of
//           the process (cold JIT, roughly what one CLI run pays) and a decrypt in steady state
// Machine-readable lines start with "result." (bench/sign-throughput-vs-openssl.sh reads them).
// Pin it to one core (taskset -c 0) for a per-core figure: the JVM's JIT and GC threads run elsewhere otherwise.

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.crypto.CosignKeyFormat;
import dev.cairn.crypto.SignatureVerifier;
import dev.cairn.crypto.Signer;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.Digest;
import dev.cairn.model.Envelope;
import dev.cairn.model.MediaTypes;
import dev.cairn.model.Statement;
import dev.cairn.sign.PredicateTypes;
import dev.cairn.sign.wire.Bundle;
import dev.cairn.sign.wire.SimpleSigning;
import dev.cairn.sign.wire.StatementJson;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

public class SignThroughput {
    static final Digest IMAGE = Digest.parse("sha256:d48202795508cfa6b4fed58f7499920d87a62d0140bffe870a58f96156c74db8");
    static final String REFERENCE = "127.0.0.1:5000/demo/app";
    static long sink; // keeps results alive so the JIT cannot drop the work

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        double warmup = Math.max(2.0, seconds); // per operation, split over two rounds

        SigningKeyPair pair = SigningKeyPair.generate();
        Signer signer = pair.signer();
        SignatureVerifier verifier = SignatureVerifier.of(pair.publicKey());
        byte[] payload = new SimpleSigning(REFERENCE, IMAGE, SimpleSigning.COSIGN_TYPE, Map.of()).encode();
        byte[] signature = signer.sign(payload);
        if (!verifier.verify(payload, signature)) {
            throw new AssertionError("own signature does not verify");
        }
        System.out.printf("java %s, %d available processor(s), payload %d bytes (cosign simple-signing)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), payload.length);

        LongSupplier sign = () -> signer.sign(payload).length;
        LongSupplier verify = () -> {
            if (!verifier.verify(payload, signature)) {
                throw new AssertionError("signature does not verify");
            }
            return 1;
        };
        LongSupplier legacy = () -> {
            byte[] p = new SimpleSigning(REFERENCE, IMAGE, SimpleSigning.COSIGN_TYPE, Map.of()).encode();
            return Base64.getEncoder().encodeToString(signer.sign(p)).length();
        };
        LongSupplier bundle = () -> {
            Statement statement = new Statement(Statement.TYPE_V1,
                    List.of(new Statement.Subject("", Map.of(IMAGE.algorithm(), IMAGE.hex()))),
                    PredicateTypes.COSIGN_SIGN_V1, JsonNodeFactory.instance.objectNode());
            byte[] body = StatementJson.encode(statement, Map.of());
            byte[] sig = signer.sign(Envelope.pae(MediaTypes.IN_TOTO, body));
            Envelope envelope = new Envelope(MediaTypes.IN_TOTO, body, List.of(new Envelope.Signature("", sig)));
            return Bundle.withKey(signer.publicKey(), new Bundle.Content.Dsse(envelope)).encode().length;
        };

        // Warm up everything first: the four share the JDK's EC code, which keeps getting compiled for a while.
        for (int round = 0; round < 2; round++) {
            for (LongSupplier op : List.of(sign, verify, legacy, bundle)) {
                run(op, warmup / 2);
            }
        }
        report("sign", "signs", sign, seconds);
        report("verify", "verifies", verify, seconds);
        report("legacy_path", "legacy signatures (payload+sign+base64)", legacy, seconds);
        report("bundle_path", "bundles (statement+DSSE+sign+bundle JSON)", bundle, seconds);

        // Key decryption: what every `cairn sign --key FILE` pays once, before any signing.
        char[] password = "bench-password".toCharArray();
        long t0 = System.nanoTime();
        String pem = CosignKeyFormat.encrypt(pair, password.clone()); // the process's first scrypt: cold JIT
        double firstMs = (System.nanoTime() - t0) / 1e6;
        int n = 0;
        long start = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        while (n < 3 || (System.nanoTime() - start < budget && n < 50)) {
            sink += CosignKeyFormat.decrypt(pem, password.clone(), "bench.key").publicKey().getEncoded().length;
            n++;
        }
        double steadyMs = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf("key (scrypt N=32768 + secretbox): first scrypt %.0f ms (cold), decrypt %.0f ms each after (%d runs)%n", firstMs, steadyMs, n);
        System.out.printf("result.key_decrypt_first_ms=%.1f%nresult.key_decrypt_ms=%.1f%n", firstMs, steadyMs);
        if (sink == 42) {
            System.out.println();
        }
    }

    /** Runs {@code op} for {@code seconds}; prints operations per second. */
    static void report(String key, String what, LongSupplier op, double seconds) {
        long[] r = run(op, seconds);
        double perSecond = r[0] / (r[1] / 1e9);
        System.out.printf("%-13s %,8.0f %s/s  (%,d in %.2f s, %.1f us each)%n",
                key + ":", perSecond, what, r[0], r[1] / 1e9, r[1] / 1e3 / r[0]);
        System.out.printf("result.%s_per_s=%.0f%n", key, perSecond);
    }

    /** {operations, nanoseconds}; checks the clock every 32 operations. */
    static long[] run(LongSupplier op, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        long elapsed;
        do {
            for (int i = 0; i < 32; i++) {
                sink += op.getAsLong();
            }
            n += 32;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new long[] {n, elapsed};
    }
}
