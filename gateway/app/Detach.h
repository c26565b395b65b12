// --daemon: sohubd goes to the background, and the command that started it ends once the daemon serves or failed.
#pragma once

namespace sohub {

// If argv holds --daemon, forks. The parent relays what the daemon logs while it starts to its own stderr and ends
// with the start's outcome: 0 once the daemon serves, else the daemon's exit status (78 for a configuration it
// refused). It never returns. The daemon returns in a session of its own (umask 027, stdin on /dev/null, stdout and
// stderr on the relay) with --daemon taken out of argv: Poco's own --daemon would fork again and end its parent at
// once, before anything is known. The daemon keeps the folder it was started in as its working folder: relative paths
// (the configuration, data.dir, samples) mean that folder. Without --daemon, nothing happens.
void detachIfAsked(int& argc, char** argv);

// The daemon serves: its stdout and stderr go to /dev/null and the waiting parent ends with 0. Nothing when sohubd
// was not detached.
void tellStarted();

}  // namespace sohub
