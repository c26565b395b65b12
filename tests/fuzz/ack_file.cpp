// Fuzz target: an acknowledgement file in each of its three forms.
#include "FuzzInput.h"

#include "exporters/AckFile.h"

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const names[] = {"messages-1.ndjson.ack", "batch.ack.json", "batch.ack.txt"};
    const fuzz::Selected input = fuzz::select(data, size, 3);
    JsonLimits limits;
    limits.maxElements = 1000;
    const AckFile ack = AckFile::read(names[input.variant], input.text, limits);
    // Whatever the file, its ids are listed only when it named no problem.
    if (!ack.problem.empty() && ack.ids->size() != 0) __builtin_trap();
    return 0;
}
