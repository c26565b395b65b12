// Entry point of sohubd.
#include "app/Detach.h"
#include "app/SohubApplication.h"

#include <Poco/AutoPtr.h>

#include <iostream>

// POCO_SERVER_MAIN, with --daemon taken first (Detach).
int main(int argc, char** argv) {
    sohub::detachIfAsked(argc, argv);
    Poco::AutoPtr<sohub::SohubApplication> app(new sohub::SohubApplication);
    try {
        return app->run(argc, argv);
    } catch (const Poco::Exception& error) {
        std::cerr << error.displayText() << std::endl;
        return Poco::Util::Application::EXIT_SOFTWARE;
    }
}
