package dev.cairn.server;

import dev.cairn.crypto.Pem;
import dev.cairn.crypto.PemBlock;
import dev.cairn.crypto.PrivateKeys;
import dev.cairn.crypto.SigningKeyPair;
import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The serving certificate and key: PEM files (cert-manager, a Secret), or a self-signed P-256
 * certificate made at start for local use, whose PEM is itself the {@code caBundle} a webhook
 * configuration needs (the API server accepts a self-signed leaf as its own trust anchor).
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key) {
    private static final long MAX_PEM_BYTES = 1 << 20;

    public TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw CairnException.invalid("TLS certificate file holds no certificate");
        }
    }

    /** {@code --tls-cert} (PEM chain, leaf first) and {@code --tls-key} (PEM private key: PKCS#8, EC or RSA). */
    public static TlsMaterial fromPem(Path certFile, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        for (PemBlock block : Pem.decodeAll(read(certFile), certFile.toString())) {
            if (block.type().equals("CERTIFICATE")) {
                chain.add(certificate(block.bytes(), certFile));
            }
        }
        if (chain.isEmpty()) {
            throw CairnException.invalid(certFile + " holds no PEM CERTIFICATE");
        }
        SigningKeyPair pair = PrivateKeys.fromPem(read(keyFile), () -> {
            throw new CairnException(ErrorCode.KEY, keyFile + " is encrypted; the server needs an unencrypted TLS key");
        }, keyFile.toString());
        if (!java.util.Arrays.equals(pair.publicKey().getEncoded(), chain.getFirst().getPublicKey().getEncoded())) {
            throw new CairnException(ErrorCode.KEY, keyFile + " is not the key of the certificate in " + certFile);
        }
        return new TlsMaterial(chain, pair.privateKey());
    }

    /** A fresh self-signed certificate for these DNS names and IP addresses, valid for a year. */
    public static TlsMaterial selfSigned(List<String> dnsNames, List<String> ipAddresses) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=cairn-webhook");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new TlsMaterial(List.of(cert), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new CairnException(ErrorCode.INTERNAL, "cannot make a self-signed TLS certificate: " + e.getMessage(), e);
        }
    }

    /** The chain as PEM: for a self-signed certificate, the caBundle clients trust. */
    public String certificatePem() {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate cert : chain) {
            try {
                pem.append(Pem.encode(new PemBlock("CERTIFICATE", cert.getEncoded())));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    /** A client TLS context that trusts exactly this chain's leaf: how a caller reaches a server with a self-signed certificate. */
    public javax.net.ssl.SSLContext trustingClientContext() {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", chain.getFirst());
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store for the server certificate", e);
        }
    }

    /** Base64 of the PEM, the form a webhook configuration's {@code caBundle} field takes. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    private static X509Certificate certificate(byte[] der, Path source) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw CairnException.invalid(source + ": not a valid X.509 certificate: " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_PEM_BYTES) {
                throw CairnException.invalid(file + " is larger than " + MAX_PEM_BYTES + " bytes; not a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw CairnException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
