package dev.cairn.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maven's order, as {@code org.apache.maven.artifact.versioning.ComparableVersion} of Maven 3.9
 * defines it (the Maven 4 changes, which treat {@code X-1} like {@code X1}, are not followed).
 *
 * <p>A version is lower-cased and split into items at {@code .}, at {@code -} and at every switch
 * between digits and letters; a {@code -}, and a switch between digits and letters, opens a
 * nested list, and so does a word that follows a dot ({@code 1.0.0.X1} reads like
 * {@code 1.0.0-X1}). Trailing "null" items ({@code 0}, the empty qualifier and its aliases, empty
 * lists) are dropped, so {@code 1 == 1.0 == 1.0.0 == 1-0 == 1.ga == 1-final}. Qualifiers order
 * {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp}, unknown
 * qualifiers after those in lexical order; {@code a1}, {@code b1}, {@code m1} mean
 * {@code alpha-1}, {@code beta-1}, {@code milestone-1}. Between items of different kinds:
 * number &gt; list &gt; qualifier, so {@code 1-sp < 1-1 < 1.1}.
 */
public final class MavenVersionScheme implements VersionScheme {
    public static final MavenVersionScheme INSTANCE = new MavenVersionScheme();

    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
    private static final String RELEASE_INDEX = String.valueOf(QUALIFIERS.indexOf(""));

    /** Versions parsed once, not on every comparison (items are not changed once parsed). */
    private final ParseCache<Items> cache = new ParseCache<>(MavenVersionScheme::parse);

    private MavenVersionScheme() {}

    private sealed interface Item permits Num, Word, Items {
        boolean isNull();
    }

    /** A number, kept as its digits without leading zeros. */
    private record Num(String digits) implements Item {
        @Override
        public boolean isNull() {
            return digits.equals("0");
        }
    }

    /** A qualifier after aliasing ({@code cr -> rc}, {@code ga/final/release -> ""}). */
    private record Word(String value) implements Item {
        Word {
            value = switch (value) {
                case "ga", "final", "release" -> "";
                case "cr" -> "rc";
                default -> value;
            };
        }

        static Word followedByDigit(String value) {
            return new Word(switch (value) {
                case "a" -> "alpha";
                case "b" -> "beta";
                case "m" -> "milestone";
                default -> value;
            });
        }

        /** Known qualifiers by rank, unknown ones after them, lexically. */
        String comparable() {
            int i = QUALIFIERS.indexOf(value);
            return i == -1 ? QUALIFIERS.size() + "-" + value : String.valueOf(i);
        }

        @Override
        public boolean isNull() {
            return value.isEmpty();
        }
    }

    private record Items(List<Item> items) implements Item {
        @Override
        public boolean isNull() {
            return items.isEmpty();
        }

        /** Drops trailing null items; a non-empty nested list does not stop the sweep. */
        void normalize() {
            for (int i = items.size() - 1; i >= 0; i--) {
                Item last = items.get(i);
                if (last.isNull()) {
                    items.remove(i);
                } else if (!(last instanceof Items)) {
                    break;
                }
            }
        }
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public Optional<String> validate(String v) {
        // ComparableVersion orders any string; only the shared bounds apply.
        return Checks.common(v);
    }

    @Override
    public int compare(String a, String b) {
        Checks.require(this, a);
        Checks.require(this, b);
        return compare(cache.get(a), cache.get(b));
    }

    /** Compares two items where {@code b} may be absent ({@code null}: the other list ran out). */
    private static int compare(Item a, Item b) {
        return switch (a) {
            case Num n -> switch (b) {
                case null -> n.isNull() ? 0 : 1;
                case Num m -> Checks.compareNumeric(n.digits(), m.digits());
                case Word w -> 1;
                case Items l -> 1;
            };
            case Word w -> switch (b) {
                case null -> Integer.signum(w.comparable().compareTo(RELEASE_INDEX));
                case Num n -> -1;
                case Word x -> Integer.signum(w.comparable().compareTo(x.comparable()));
                case Items l -> -1;
            };
            case Items l -> switch (b) {
                case null -> {
                    for (Item i : l.items()) {
                        int c = compare(i, null);
                        if (c != 0) {
                            yield c;
                        }
                    }
                    yield 0;
                }
                case Num n -> -1;
                case Word w -> 1;
                case Items r -> {
                    int size = Math.max(l.items().size(), r.items().size());
                    for (int i = 0; i < size; i++) {
                        Item x = i < l.items().size() ? l.items().get(i) : null;
                        Item y = i < r.items().size() ? r.items().get(i) : null;
                        int c = x == null ? (y == null ? 0 : -compare(y, null)) : compare(x, y);
                        if (c != 0) {
                            yield c;
                        }
                    }
                    yield 0;
                }
            };
        };
    }

    private static Items parse(String version) {
        String v = version.toLowerCase(Locale.ENGLISH);
        Items root = new Items(new ArrayList<>());
        Items list = root;
        List<Items> opened = new ArrayList<>();
        opened.add(root);
        boolean digit = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                list.items().add(i == start ? new Num("0") : item(digit, v.substring(start, i)));
                start = i + 1;
            } else if (c == '-') {
                list.items().add(i == start ? new Num("0") : item(digit, v.substring(start, i)));
                start = i + 1;
                list = open(list, opened);
            } else if (Checks.isDigit(c)) {
                if (!digit && i > start) {
                    if (!list.items().isEmpty()) {
                        list = open(list, opened);
                    }
                    list.items().add(Word.followedByDigit(v.substring(start, i)));
                    start = i;
                    list = open(list, opened);
                }
                digit = true;
            } else {
                if (digit && i > start) {
                    list.items().add(item(true, v.substring(start, i)));
                    start = i;
                    list = open(list, opened);
                }
                digit = false;
            }
        }
        if (v.length() > start) {
            if (!digit && !list.items().isEmpty()) {
                list = open(list, opened);
            }
            list.items().add(item(digit, v.substring(start)));
        }
        // Innermost lists first, as ComparableVersion pops its stack.
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).normalize();
        }
        return root;
    }

    private static Items open(Items parent, List<Items> opened) {
        Items child = new Items(new ArrayList<>());
        parent.items().add(child);
        opened.add(child);
        return child;
    }

    private static Item item(boolean digit, String text) {
        return digit ? new Num(Checks.stripZeros(text)) : new Word(text);
    }
}
