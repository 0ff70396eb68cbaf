import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a folder shipped beside the program is (demo-data, the catalog): the folder an
/// environment variable names, else `./NAME`, else `NAME` or `share/proxydash/NAME` beside
/// the binary or up to four folders above it, else `NAME` in the package this binary was
/// built from (so `swift run` and a binary under `.build` find it). A place counts only
/// if `marker` is in it.
///
/// Plain paths and `stat`, each place tried only if the one before has nothing: the demo
/// looks at every start, and building a dozen Foundation URLs for places never needed
/// cost half a millisecond.
enum ShippedFolder {
  static func locate(_ name: String, variable: String, marker: String) -> URL? {
    func holds(_ folder: String) -> Bool {
      var status = stat()
      return stat(folder + "/" + marker, &status) == 0
    }
    func found(_ folder: String) -> URL { URL(fileURLWithPath: folder, isDirectory: true) }
    if let value = getenv(variable), value.pointee != 0 {
      let folder = String(cString: value)
      if holds(folder) { return found(folder) }
    }
    if let here = getcwd(nil, 0) {
      let folder = String(cString: here) + "/" + name
      free(here)
      if holds(folder) { return found(folder) }
    }
    if let program = CommandLine.arguments.first, let resolved = realpath(program, nil) {
      var folder = String(cString: resolved)
      free(resolved)
      for _ in 0..<5 {
        folder = parentPath(folder)
        for candidate in [folder + "/" + name, folder + "/share/proxydash/" + name] where holds(candidate) {
          return found(candidate)
        }
      }
    }
    let package = parentPath(parentPath(parentPath("\(#filePath)"))) + "/" + name
    return holds(package) ? found(package) : nil
  }

  /// `path` without its last component ("/" stays "/").
  private static func parentPath(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
