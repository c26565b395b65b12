// The sample reference data (samples/seed.json) as an in-memory snapshot, for unit tests.
#pragma once

#include "domain/Reference.h"

namespace sohub::test {

// Loads samples/seed.json through the real store code into a temporary database.
ReferenceSnapshot sampleReference();

}  // namespace sohub::test
