import Foundation

/// Helper programs (tmux, sshd, a shell) started from the test runner with default signal
/// handling. The runner blocks and ignores signals on its threads; a child that inherited
/// that mask would never see SIGCHLD (nor end on `kill-server` or a kill). `Process` is
/// avoided too: a child that outlives the call keeps the descriptors it watches, and its
/// waits never end.
enum ChildProcess {
  struct StartFailure: Error, CustomStringConvertible {
    var description: String
  }

  /// Starts `arguments` (the program is looked up on PATH unless given as a path) with
  /// stdin from /dev/null and stdout and stderr into `outputPath`, appended to or
  /// truncated first; returns its pid.
  static func start(_ arguments: [String], outputPath: String, truncating: Bool) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
      &actions, 1, outputPath, O_WRONLY | O_CREAT | (truncating ? O_TRUNC : O_APPEND), 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = arguments.map { strdup($0) } + [nil]
    let environment =
      ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in environment { free(pointer) }
    }
    var pid = pid_t()
    let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environment)
    guard result == 0 else {
      throw StartFailure(description: "cannot start \(arguments): \(String(cString: strerror(result)))")
    }
    return pid
  }

  /// Waits for `pid` to end: its exit status, 128 + the signal that ended it, or -1 when
  /// it cannot be waited for.
  static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      guard errno == EINTR else { return -1 }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import.
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }
}
