/// A light, deterministic English stemmer: enough that plurals and the common verb and adverb
/// endings meet their base word, without a dictionary. Rules, applied in order to a folded token
/// of letters only (tokens with digits and tokens of three letters or fewer are kept as they are):
///
/// 1. plurals: "-ies" → "-y" (technologies → technology); "-sses" → "-ss"; "-es" after s, x, z,
///    ch or sh is dropped (boxes → box); a final "-s" is dropped unless it follows s, u or i
///    (sensors → sensor, glass, status, analysis kept);
/// 2. "-ied" → "-y"; "-ing" and "-ed" are dropped when at least three letters with a vowel remain,
///    and a doubled final consonant left behind is undoubled (planned → plan), except ll, ss, zz;
/// 3. "-ly" is dropped when at least four letters remain (digitally → digital);
/// 4. a final "-e" is dropped when at least four letters remain (machine and machining → machin,
///    service and services → servic).
public enum EnglishStemmer {
    private static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]

    /// The stem of one folded token.
    public static func stem(_ token: String) -> String {
        guard token.count > 3, token.allSatisfy({ $0.isLetter && $0.isASCII }) else { return token }
        var word = token
        word = plural(word)
        word = verbEnding(word)
        if word.hasSuffix("ly"), word.count - 2 >= 4 { word.removeLast(2) }
        if word.hasSuffix("e"), word.count - 1 >= 4 { word.removeLast() }
        return word
    }

    private static func plural(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") { return String(word.dropLast(2)) }
        if word.hasSuffix("es") {
            let stem = word.dropLast(2)
            if stem.hasSuffix("s") || stem.hasSuffix("x") || stem.hasSuffix("z") || stem.hasSuffix("ch") || stem.hasSuffix("sh") {
                return String(stem)
            }
        }
        if word.hasSuffix("s"), let before = word.dropLast().last, !["s", "u", "i"].contains(before) {
            return String(word.dropLast())
        }
        return word
    }

    private static func verbEnding(_ word: String) -> String {
        if word.hasSuffix("ied"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        for suffix in ["ing", "ed"] where word.hasSuffix(suffix) {
            let stem = word.dropLast(suffix.count)
            guard stem.count >= 3, stem.contains(where: { vowels.contains($0) }) else { return word }
            return undoubled(String(stem))
        }
        return word
    }

    private static func undoubled(_ stem: String) -> String {
        let letters = Array(stem)
        guard letters.count >= 2, let last = letters.last, letters[letters.count - 2] == last,
              !vowels.contains(last), !["l", "s", "z"].contains(last) else { return stem }
        return String(letters.dropLast())
    }
}
