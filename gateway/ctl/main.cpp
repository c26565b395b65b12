// sohubctl's entry: option errors are usage errors (exit 2), not Poco's configuration exit code.
#include "ctl/SohubCtl.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>

#include <iostream>

int main(int argc, char** argv) {
    Poco::AutoPtr<sohub::ctl::SohubCtl> app = new sohub::ctl::SohubCtl;
    try {
        app->init(argc, argv);
    } catch (const Poco::Exception& error) {
        std::cerr << "sohubctl: " << error.displayText() << "\n" << sohub::ctl::usageText();
        return sohub::ctl::Exit::usage;
    }
    return app->run();
}
