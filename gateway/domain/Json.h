// Compact JSON text of Poco JSON values, written straight into a string (Poco's Stringifier goes through
// an ostream a character at a time, and escapes "/", which costs on every response).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sohub {

// One look-up per member of a Poco JSON object, by reference: Object::has, isNull and get each search its map again,
// and get copies the value. Built from the object as it is; look() builds it again when the number of members
// changed since, which covers members added (the values themselves are read where they live, so a changed value is
// seen). An object that loses a member while an index of it is in use must not be read through that index.
// The keys are hashed into a table at most half full: a look-up for a field that is not there, the common case in a
// booking's checks, mostly ends at an empty slot, and one that is there compares one key.
class MemberIndex {
public:
    explicit MemberIndex(const Poco::JSON::Object* object = nullptr) : object_(object) {}
    // A copy indexes the same object, built again on its first look-up: the table may live inside the original.
    MemberIndex(const MemberIndex& other) : object_(other.object_) {}
    MemberIndex& operator=(const MemberIndex& other) {
        object_ = other.object_;
        slots_ = nullptr;
        return *this;
    }
    // The member's value, or null when the object has no such member.
    const Poco::Dynamic::Var* look(std::string_view name) const;

private:
    // Plain data (no string_view): a reader's table of them is left as it is until built, not cleared first.
    struct Member {
        std::uint32_t hash;
        std::uint32_t size;  // the key's
        const char* key;
        const Poco::Dynamic::Var* value;
    };
    // A booking's objects have a few dozen members at most: their table lives here, not on the heap.
    static constexpr std::size_t inlineMembers = 32, inlineSlots = 2 * inlineMembers;
    void build() const;

    const Poco::JSON::Object* object_;
    mutable const Member* members_ = nullptr;
    mutable const std::uint32_t* slots_ = nullptr;  // 1 + the member's place in members_, 0 for an empty slot
    mutable std::size_t indexed_ = 0;              // members the table was built from
    mutable std::uint32_t mask_ = 0;
    mutable int shift_ = 0;  // a hash's high bits choose its slot
    mutable std::array<Member, inlineMembers> inlineMembers_;
    mutable std::array<std::uint32_t, inlineSlots> inlineSlots_;
    mutable std::vector<Member> manyMembers_;
    mutable std::vector<std::uint32_t> manySlots_;
};

// Appends the text as a JSON string literal: quotes, backslashes and control characters escaped, UTF-8 as is.
void appendJsonString(std::string& out, std::string_view text);
void appendJson(std::string& out, const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::JSON::Object& object);

// Where toJsonText wrote the values of an object's members that are objects themselves: offset and length in its
// text. Lets a part of a document that is written whole anyway be taken as a substring instead of written again.
class MemberTexts {
public:
    void add(const Poco::JSON::Object* member, std::size_t offset, std::size_t length);
    // The member's text within `whole`, or nullopt when `member` is not one of the objects written.
    std::optional<std::string> of(const Poco::JSON::Object* member, const std::string& whole) const;
    // Where that text is: its offset and length.
    std::optional<std::pair<std::size_t, std::size_t>> placeOf(const Poco::JSON::Object* member) const;

private:
    struct Span {
        const Poco::JSON::Object* member;
        std::size_t offset, length;
    };
    std::vector<Span> spans_;
};
std::string toJsonText(const Poco::JSON::Object& object, MemberTexts& members);

// An object's text exactly as toJsonText(object, members) gives it, written by whoever had it at hand more cheaply.
struct WrittenJson {
    std::string text;
    MemberTexts members;
};

// True when text is one JSON object in exactly the form toJsonText writes for what Poco's parser (keeping key order)
// reads from it, so that parsing and writing it again would give the same bytes and the text can be sent as it is.
// Conservative: false for whatever it cannot vouch for (whitespace, other escapes, a repeated key, a number written
// otherwise, invalid UTF-8, very deep nesting); such text must take the parse.
bool isCanonicalJsonObject(std::string_view text);

// True when the bytes are UTF-8, checked per code point (overlong forms and surrogates are not).
bool isUtf8(std::string_view text);

// The bytes as UTF-8: each byte that starts no legal UTF-8 sequence becomes U+FFFD, the replacement character, and
// a sequence cut off at the end is dropped when `cutShort` (the text is the start of something longer). For bytes
// from outside kept as text (a webhook receiver's answer, a line of a file): the store's text and every JSON
// answer are UTF-8 (PostgreSQL refuses anything else).
std::string validUtf8(std::string_view text, bool cutShort = false);

}  // namespace sohub
