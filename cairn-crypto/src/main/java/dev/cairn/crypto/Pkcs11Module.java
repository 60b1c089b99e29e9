package dev.cairn.crypto;

import dev.cairn.model.CairnException;
import dev.cairn.model.ErrorCode;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PKCS#11 library, driven through the JDK's own Cryptoki binding ({@code sun.security.pkcs11.wrapper},
 * the layer under the SunPKCS11 provider).
 *
 * <p>Why not the SunPKCS11 provider's KeyStore: it only exposes private keys that have a matching
 * certificate on the token, while cosign's PKCS#11 flow (and {@code pkcs11-tool --keypairgen}) creates
 * bare key pairs; it also cannot select a token by label. The binding does both, but lives in a package
 * the JDK does not export, so the JVM must run with
 * {@code --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}. It is reached by
 * reflection because javac refuses {@code --add-exports} together with {@code --release}. Its API has
 * been stable since Java 5.
 */
final class Pkcs11Module {
    static final String ADD_EXPORTS = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    private static final String WRAPPER = "sun.security.pkcs11.wrapper";

    static final long CKO_CERTIFICATE = 1;
    static final long CKO_PUBLIC_KEY = 2;
    static final long CKO_PRIVATE_KEY = 3;
    static final long CKA_CLASS = 0x0;
    static final long CKA_LABEL = 0x3;
    static final long CKA_VALUE = 0x11;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_ID = 0x102;
    static final long CKA_MODULUS = 0x120;
    static final long CKA_PUBLIC_EXPONENT = 0x122;
    static final long CKA_EC_PARAMS = 0x180;
    static final long CKA_EC_POINT = 0x181;
    static final long CKK_RSA = 0x0;
    static final long CKK_EC = 0x3;
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_ECDSA = 0x1041;
    private static final long CKF_OS_LOCKING_OK = 0x2;
    private static final long CKF_SERIAL_SESSION = 0x4;
    private static final long CKU_USER = 1;
    private static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;

    private static final Map<String, Pkcs11Module> LOADED = new ConcurrentHashMap<>();

    private final String library;
    private final Object p11;
    private final Binding binding;

    private Pkcs11Module(String library, Object p11, Binding binding) {
        this.library = library;
        this.p11 = p11;
        this.binding = binding;
    }

    /** The library at {@code path}, initialised once per process (Cryptoki allows one C_Initialize). */
    static Pkcs11Module load(String path) {
        Binding binding = Binding.get();
        return LOADED.computeIfAbsent(path, p -> {
            try {
                Object initArgs = binding.initArgsClass.getConstructor().newInstance();
                binding.initArgsClass.getField("flags").setLong(initArgs, CKF_OS_LOCKING_OK);
                Object p11 = binding.getInstance.invoke(null, p, "C_GetFunctionList", initArgs, false);
                return new Pkcs11Module(p, p11, binding);
            } catch (InvocationTargetException e) {
                throw new CairnException(ErrorCode.KEY, "cannot load PKCS#11 module " + p + ": "
                        + Pem.oneLine(e.getCause().getMessage()), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw binding.broken(e);
            }
        });
    }

    String library() {
        return library;
    }

    long[] slotsWithTokens() {
        return (long[]) call("C_GetSlotList", "list slots", true);
    }

    String tokenLabel(long slot) {
        Object info = call("C_GetTokenInfo", "read token info", slot);
        try {
            char[] label = (char[]) info.getClass().getField("label").get(info);
            // The binding widens each UTF-8 byte to a char; undo that, then drop the blank padding.
            byte[] bytes = new byte[label.length];
            for (int i = 0; i < label.length; i++) {
                bytes[i] = (byte) label[i];
            }
            return new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    long openSession(long slot) {
        return (Long) call("C_OpenSession", "open a session", slot, CKF_SERIAL_SESSION, null, null);
    }

    void login(long session, char[] pin) {
        try {
            binding.method("C_Login").invoke(p11, session, CKU_USER, pin);
        } catch (InvocationTargetException e) {
            if (errorCode(e.getCause()) != CKR_USER_ALREADY_LOGGED_IN) {
                throw failure("log in", e.getCause());
            }
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    void closeSession(long session) {
        call("C_CloseSession", "close the session", session);
    }

    /** Handles of the objects of {@code objectClass} matching the given CKA_ID and CKA_LABEL (null = any). */
    long[] find(long session, long objectClass, byte[] id, byte[] label) {
        try {
            Object template = Array.newInstance(binding.attributeClass, 1 + (id == null ? 0 : 1) + (label == null ? 0 : 1));
            int i = 0;
            Array.set(template, i++, binding.longAttribute.newInstance(CKA_CLASS, objectClass));
            if (id != null) {
                Array.set(template, i++, binding.objectAttribute.newInstance(CKA_ID, id));
            }
            if (label != null) {
                Array.set(template, i, binding.objectAttribute.newInstance(CKA_LABEL, label));
            }
            call("C_FindObjectsInit", "search objects", session, template);
            try {
                return (long[]) call("C_FindObjects", "search objects", session, 16L);
            } finally {
                call("C_FindObjectsFinal", "search objects", session);
            }
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    /** One attribute's value as the binding returns it (byte[], Long, char[] ...). */
    Object attribute(long session, long handle, long type) {
        try {
            Object template = Array.newInstance(binding.attributeClass, 1);
            Object attribute = binding.typeAttribute.newInstance(type);
            Array.set(template, 0, attribute);
            call("C_GetAttributeValue", "read a key attribute", session, handle, template);
            // The binding may replace the array's element rather than fill the one passed in.
            return binding.attributeClass.getField("pValue").get(Array.get(template, 0));
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    byte[] sign(long session, long mechanism, long key, byte[] data) {
        try {
            Object ckMechanism = binding.mechanismClass.getConstructor(long.class).newInstance(mechanism);
            call("C_SignInit", "start signing", session, ckMechanism, key);
            return (byte[]) call("C_Sign", "sign", session, data);
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    private Object call(String function, String what, Object... arguments) {
        try {
            return binding.method(function).invoke(p11, arguments);
        } catch (InvocationTargetException e) {
            throw failure(what, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw binding.broken(e);
        }
    }

    private CairnException failure(String what, Throwable cause) {
        return new CairnException(ErrorCode.KEY, "PKCS#11 module " + library + " failed to " + what + ": "
                + Pem.oneLine(cause.getMessage()), cause);
    }

    private static long errorCode(Throwable error) {
        try {
            return (Long) error.getClass().getMethod("getErrorCode").invoke(error);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** The reflective handles into the JDK binding, resolved once. */
    private static final class Binding {
        private static volatile Binding instance;

        final Class<?> p11Class;
        final Class<?> attributeClass;
        final Class<?> mechanismClass;
        final Class<?> initArgsClass;
        final Method getInstance;
        final Constructor<?> longAttribute;
        final Constructor<?> objectAttribute;
        final Constructor<?> typeAttribute;
        private final Map<String, Method> methods = new ConcurrentHashMap<>();

        private Binding() throws ReflectiveOperationException {
            p11Class = Class.forName(WRAPPER + ".PKCS11");
            attributeClass = Class.forName(WRAPPER + ".CK_ATTRIBUTE");
            mechanismClass = Class.forName(WRAPPER + ".CK_MECHANISM");
            initArgsClass = Class.forName(WRAPPER + ".CK_C_INITIALIZE_ARGS");
            getInstance = p11Class.getMethod("getInstance", String.class, String.class, initArgsClass, boolean.class);
            longAttribute = attributeClass.getConstructor(long.class, long.class);
            objectAttribute = attributeClass.getConstructor(long.class, Object.class);
            typeAttribute = attributeClass.getConstructor(long.class);
        }

        static Binding get() {
            Binding binding = instance;
            if (binding != null) {
                return binding;
            }
            Module cryptoki = ModuleLayer.boot().findModule("jdk.crypto.cryptoki").orElseThrow(() ->
                    new CairnException(ErrorCode.UNSUPPORTED, "this Java runtime has no PKCS#11 support (module jdk.crypto.cryptoki)"));
            if (!cryptoki.isExported(WRAPPER, Pkcs11Module.class.getModule())) {
                throw new CairnException(ErrorCode.UNSUPPORTED, "PKCS#11 keys need the JVM option " + ADD_EXPORTS
                        + " (the cairn launcher sets it; add it to JAVA_TOOL_OPTIONS when embedding Cairn)");
            }
            try {
                instance = new Binding();
                return instance;
            } catch (ReflectiveOperationException e) {
                throw new CairnException(ErrorCode.UNSUPPORTED, "this Java runtime's PKCS#11 binding is not the one Cairn knows: "
                        + e, e);
            }
        }

        Method method(String name) {
            return methods.computeIfAbsent(name, n -> Arrays.stream(p11Class.getMethods())
                    .filter(m -> m.getName().equals(n))
                    .findFirst()
                    .orElseThrow(() -> new CairnException(ErrorCode.UNSUPPORTED,
                            "this Java runtime's PKCS#11 binding lacks " + n)));
        }

        CairnException broken(ReflectiveOperationException e) {
            return new CairnException(ErrorCode.INTERNAL, "unexpected PKCS#11 binding failure: " + e, e);
        }
    }
}
