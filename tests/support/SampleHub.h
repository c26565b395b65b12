// The hub core on a fresh store in a temporary folder, seeded from the samples: for unit tests that need a real store.
#pragma once

#include "app/Hub.h"
#include "support/ScratchFolder.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <memory>
#include <string>

namespace sohub::test {

struct SampleHub {
    SampleHub() {
        config->setString("data.dir", folder.path());
        config->setString("samples.seed", std::string(SOHUB_SOURCE_DIR) + "/samples/seed.json");
        config->setString("store.readers", "2");
        config->setString("email.template", "");
        hub = std::make_unique<Hub>(*config);
    }
    const Account& account(const std::string& name) const { return *hub->catalog().current()->accountByName(name); }

    ScratchFolder folder;  // removed with everything in it
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    std::unique_ptr<Hub> hub;
};

}  // namespace sohub::test
