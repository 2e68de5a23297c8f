import Testing
import TIBSMatch

@Suite struct TextAnalyzerTests {
    @Test(arguments: [
        ("Łódź", "lodz"), ("Müller", "muller"), ("Straße", "strasse"), ("Ørsted", "orsted"), ("Æble", "aeble"),
        ("Šiauliai", "siauliai"), ("Kraków", "krakow"), ("Pärnu", "parnu"), ("ĶEKAVA", "kekava"), ("Jyväskylä", "jyvaskyla"),
        ("ŁÓDŹ", "lodz"), ("plain ascii", "plain ascii"),
    ])
    func foldsCaseAndDiacritics(input: String, folded: String) {
        #expect(TextAnalyzer.fold(input) == folded)
    }

    @Test func tokenisesOnEveryNonLetterOrDigit() {
        #expect(TextAnalyzer.tokens("Laser-cutting, 3D printing/CNC (Łódź)!") == ["laser", "cutting", "3d", "printing", "cnc", "lodz"])
        #expect(TextAnalyzer.tokens("  ") == [])
        #expect(TextAnalyzer.tokens("a\u{202E}b") == ["a", "b"])
    }

    @Test func dropsStopWordsAndOneLetterTokens() {
        #expect(TextAnalyzer.terms("The testing of a sensor for the SME") == ["test", "sensor", "sme"])
        #expect(TextAnalyzer.terms("5 G") == ["5"])
    }

    @Test(arguments: [
        ("technologies", "technology"), ("boxes", "box"), ("matches", "match"), ("processes", "process"),
        ("sensors", "sensor"), ("glass", "glass"), ("status", "status"), ("analysis", "analysis"),
        ("printing", "print"), ("planned", "plan"), ("embedded", "embed"), ("applied", "apply"), ("applies", "apply"),
        ("digitally", "digital"), ("machine", "machin"), ("machining", "machin"), ("services", "servic"),
        ("service", "servic"), ("thing", "thing"), ("string", "string"), ("need", "need"), ("coatings", "coat"),
        ("drilling", "drill"), ("bus", "bus"), ("3d", "3d"),
    ])
    func stemsLightly(word: String, stem: String) {
        #expect(EnglishStemmer.stem(word) == stem)
    }

    @Test func foldedQueryFindsItsUnfoldedForm() {
        #expect(TextAnalyzer.terms("Łódź Müller") == TextAnalyzer.terms("lodz MULLER"))
        #expect(TextAnalyzer.terms("Laser cutting services") == TextAnalyzer.terms("laser cut service"))
    }

    @Test func analyzedTextWeighsTitleAndKeywordsTwice() {
        let text = AnalyzedText(MatchText(title: "Laser cutting", description: "laser welding", keywords: ["welding"]))
        #expect(text.frequencies == ["laser": 3, "cut": 2, "weld": 3])
        #expect(text.length == 8)
        #expect(text.distinctTerms == ["cut", "laser", "weld"])
    }
}
