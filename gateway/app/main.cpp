// Entry point of sohubd.
#include "app/SohubApplication.h"

#include <iostream>

POCO_SERVER_MAIN(sohub::SohubApplication)
