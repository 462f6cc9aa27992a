// The identifier character rule (model/identifiers.h, issue 15 item 10). Expected classes
// are Unicode 15.0's general categories (UnicodeData.txt), not the program's output.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "model/identifiers.h"
#include "model/utf8.h"

using namespace scorecard;

namespace {

struct CharacterCase {
    const char* name;
    char32_t c;
    IdentifierCharacter expected;
};

const char* class_name(IdentifierCharacter c) {
    switch (c) {
        case IdentifierCharacter::kAllowed:
            return "allowed";
        case IdentifierCharacter::kControl:
            return "control";
        case IdentifierCharacter::kFormat:
            return "format";
        case IdentifierCharacter::kNonAsciiSpace:
            return "non-ASCII space";
    }
    return "?";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(identifiers)

BOOST_AUTO_TEST_CASE(each_character_is_classed_by_its_unicode_category) {
    using enum IdentifierCharacter;
    const std::vector<CharacterCase> cases = {
        // Letters, digits, punctuation: allowed (L*, N*, P*).
        {"U+0041 LATIN CAPITAL LETTER A (Lu)", 0x41, kAllowed},
        {"U+002D HYPHEN-MINUS (Pd)", 0x2D, kAllowed},
        {"U+00E9 LATIN SMALL LETTER E WITH ACUTE (Ll)", 0xE9, kAllowed},
        {"U+00B7 MIDDLE DOT (Po)", 0xB7, kAllowed},
        {"U+2010 HYPHEN (Pd), after the Cf U+200B..U+200F", 0x2010, kAllowed},
        {"U+3001 IDEOGRAPHIC COMMA (Po), after U+3000", 0x3001, kAllowed},
        {"U+D55C HANGUL SYLLABLE HAN (Lo)", 0xD55C, kAllowed},
        {"U+1F600 GRINNING FACE (So)", 0x1F600, kAllowed},
        {"U+2065 (unassigned, Cn: not a format character)", 0x2065, kAllowed},
        // The ASCII space is each surface's own rule.
        {"U+0020 SPACE (Zs, the one space allowed here)", 0x20, kAllowed},
        // Cc: U+0000..U+001F and U+007F..U+009F.
        {"U+0000 NULL (Cc)", 0x0, kControl},
        {"U+0009 CHARACTER TABULATION (Cc)", 0x9, kControl},
        {"U+001F INFORMATION SEPARATOR ONE (Cc)", 0x1F, kControl},
        {"U+007F DELETE (Cc)", 0x7F, kControl},
        {"U+0085 NEXT LINE (Cc)", 0x85, kControl},
        {"U+009F APPLICATION PROGRAM COMMAND (Cc)", 0x9F, kControl},
        {"U+00A0 NO-BREAK SPACE (Zs)", 0xA0, kNonAsciiSpace},
        // Cf.
        {"U+00AD SOFT HYPHEN (Cf)", 0xAD, kFormat},
        {"U+061C ARABIC LETTER MARK (Cf)", 0x61C, kFormat},
        {"U+180E MONGOLIAN VOWEL SEPARATOR (Cf since Unicode 6.3)", 0x180E, kFormat},
        {"U+200B ZERO WIDTH SPACE (Cf)", 0x200B, kFormat},
        {"U+200D ZERO WIDTH JOINER (Cf)", 0x200D, kFormat},
        {"U+200F RIGHT-TO-LEFT MARK (Cf)", 0x200F, kFormat},
        {"U+202E RIGHT-TO-LEFT OVERRIDE (Cf)", 0x202E, kFormat},
        {"U+2060 WORD JOINER (Cf)", 0x2060, kFormat},
        {"U+2066 LEFT-TO-RIGHT ISOLATE (Cf)", 0x2066, kFormat},
        {"U+FEFF ZERO WIDTH NO-BREAK SPACE (Cf)", 0xFEFF, kFormat},
        {"U+FFFB INTERLINEAR ANNOTATION TERMINATOR (Cf)", 0xFFFB, kFormat},
        {"U+1D173 MUSICAL SYMBOL BEGIN BEAM (Cf)", 0x1D173, kFormat},
        {"U+E0001 LANGUAGE TAG (Cf)", 0xE0001, kFormat},
        {"U+E007F CANCEL TAG (Cf)", 0xE007F, kFormat},
        // Zs other than U+0020, Zl, Zp.
        {"U+1680 OGHAM SPACE MARK (Zs)", 0x1680, kNonAsciiSpace},
        {"U+2000 EN QUAD (Zs)", 0x2000, kNonAsciiSpace},
        {"U+2007 FIGURE SPACE (Zs)", 0x2007, kNonAsciiSpace},
        {"U+200A HAIR SPACE (Zs)", 0x200A, kNonAsciiSpace},
        {"U+2028 LINE SEPARATOR (Zl)", 0x2028, kNonAsciiSpace},
        {"U+2029 PARAGRAPH SEPARATOR (Zp)", 0x2029, kNonAsciiSpace},
        {"U+202F NARROW NO-BREAK SPACE (Zs)", 0x202F, kNonAsciiSpace},
        {"U+205F MEDIUM MATHEMATICAL SPACE (Zs)", 0x205F, kNonAsciiSpace},
        {"U+3000 IDEOGRAPHIC SPACE (Zs)", 0x3000, kNonAsciiSpace},
    };
    for (const auto& c : cases)
        BOOST_TEST(class_name(classify_identifier_character(c.c)) == class_name(c.expected),
                   c.name);
}

BOOST_AUTO_TEST_CASE(the_problem_names_the_character_its_rule_and_its_place) {
    struct TextCase {
        const char* name;
        std::string text;
        bool in_nfc;
        std::string expected;  // a part of the message; "" for no problem
    };
    const std::vector<TextCase> cases = {
        {"plain org-id", "GB-COH-01234567", true, ""},
        {"composed letter", "Caf\u00E9", true, ""},
        {"NUL in the middle", std::string("ab\0c", 4), true,
         "contains U+0000 (a control character) at character 3"},
        {"zero width space after a composed letter (characters, not bytes)", "\u00E9\u200B", true,
         "contains U+200B (an invisible format character) at character 2"},
        {"no-break space first", "\u00A0A", true,
         "contains U+00A0 (a space other than the ASCII space) at character 1"},
        {"not in NFC", "Cafe\u0301", false, "Normalization Form C"},
        // A character rule is reported before the NFC rule.
        {"both", "e\u0301\u200B", false, "U+200B"},
        {"a lone continuation byte", "A\x80", true, "not valid UTF-8"},
        {"cut short", "A\xC3", true, "not valid UTF-8"},
        {"overlong '/' (C0 AF)", "A\xC0\xAF", true, "not valid UTF-8"},
        {"a UTF-16 surrogate (ED A0 80)", "A\xED\xA0\x80", true, "not valid UTF-8"},
        {"above U+10FFFF (F4 90 80 80)", "A\xF4\x90\x80\x80", true, "not valid UTF-8"},
    };
    for (const auto& c : cases) {
        const auto problem = identifier_problem(c.text, c.in_nfc);
        if (c.expected.empty()) {
            BOOST_TEST(!problem.has_value(), c.name << ": " << problem.value_or(""));
        } else {
            BOOST_TEST_REQUIRE(problem.has_value(), c.name);
            BOOST_TEST(problem->find(c.expected) != std::string::npos, c.name << ": " << *problem);
        }
    }
}

// Well-formed UTF-8 (model/utf8.h, RFC 3629 §4 table): offsets worked out by hand.
BOOST_AUTO_TEST_CASE(the_first_byte_that_is_not_utf8_is_found_and_replaced) {
    const std::string fffd = "\xEF\xBF\xBD";
    BOOST_TEST(first_invalid_utf8("plain ASCII, longer than thirty-two bytes of it") ==
               std::string_view::npos);
    BOOST_TEST(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
               std::string_view::npos);
    BOOST_TEST(first_invalid_utf8("ab\xFF") == 2u);             // never a UTF-8 byte
    BOOST_TEST(first_invalid_utf8("ab\xC0\xAF") == 2u);         // overlong "/"
    BOOST_TEST(first_invalid_utf8("\xED\xA0\x80") == 0u);       // a surrogate, U+D800
    BOOST_TEST(first_invalid_utf8("x\xF4\x90\x80\x80") == 1u);  // above U+10FFFF
    BOOST_TEST(first_invalid_utf8("abc\xC3") == 3u);            // a lead byte with nothing after
    BOOST_TEST(with_invalid_utf8_replaced("caf\xC3\xA9") == "caf\xC3\xA9");
    BOOST_TEST(with_invalid_utf8_replaced("\xFF\xFE"
                                          "ab\xC3") == fffd + fffd + "ab" + fffd);
    // Latin-1 "é" then ASCII: one replacement, the ASCII kept.
    BOOST_TEST(with_invalid_utf8_replaced("caf\xE9 ok") == "caf" + fffd + " ok");
}

BOOST_AUTO_TEST_SUITE_END()
