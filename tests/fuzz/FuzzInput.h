// What the fuzz targets share: the input as text, a selector byte, and the sample reference data for the validator.
#pragma once

#include "domain/Reference.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace sohub::fuzz {

// The first byte picks a variant (charset, format, form); the rest is the text. Empty input: variant 0, no text.
struct Selected {
    unsigned variant = 0;
    std::string text;
};
Selected select(const std::uint8_t* data, std::size_t size, unsigned variants);

// samples/seed.json loaded once through the real store code, as sohubd loads it.
ReferenceSnapshot sampleReference();

}  // namespace sohub::fuzz
