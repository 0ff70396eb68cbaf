// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "ProxyDash",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "proxydash", targets: ["proxydash"])
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // The one cleaner of untrusted text, shared by Billing and TerminalUI: depends on nothing.
    .target(name: "TextSafety"),
    // The rules of SPEC.md as pure values and functions: no I/O, no clock.
    .target(name: "Billing", dependencies: ["TextSafety"]),
    // The SQLite store (GRDB), demo-data import and the .eml outbox.
    .target(
      name: "Storage",
      dependencies: ["Billing", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    // Use cases, each one transaction; payment gateway and clock protocols.
    .target(
      name: "Services",
      dependencies: [
        "Billing", "Storage",
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // Drawing types shared by the interface and the terminal: Canvas, Key, Theme, glyphs,
    // TerminalText. None of the rules, never the store: only the text cleaner below them.
    .target(name: "TerminalUI", dependencies: ["TextSafety"]),
    // The interface as pure state: update(state, event) and render(state) -> Canvas.
    // It cannot reach the store: Services is not among its dependencies.
    .target(name: "Dashboard", dependencies: ["TerminalUI", "Billing"]),
    // Carries out the effects `update` returns, through the services.
    .target(name: "DashboardRuntime", dependencies: ["Dashboard", "TerminalUI", "Services", "Billing"]),
    .systemLibrary(
      name: "CNCurses",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncursesw5-dev"])]
    ),
    // The only code that touches ncurses.
    .target(name: "Terminal", dependencies: ["CNCurses", "TerminalUI"]),
    .executableTarget(
      name: "proxydash",
      dependencies: [
        "Dashboard", "DashboardRuntime", "TerminalUI", "Terminal", "Services", "Storage", "Billing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      // SwiftPM links executables with --export-dynamic: 19,000 of our symbols in the
      // dynamic table, which nothing loads against, and which the Swift runtime's start
      // (dladdr, finding its backtracer) walks one by one before `main`: about 0.3 ms of
      // every start. The symbol table for debuggers and backtraces is unchanged.
      linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
    ),
    .executableTarget(
      name: "UsageBenchmark", dependencies: ["Storage", "Billing"], path: "Benchmarks/UsageBenchmark"),
    // The bare ncurses program the start-up ratio is measured against.
    .executableTarget(
      name: "StartupBaseline", dependencies: ["CNCurses"], path: "Benchmarks/StartupBaseline"),
    // Start-up, key-to-frame and memory against DESIGN.md's budgets (release build).
    .executableTarget(
      name: "AppBenchmark",
      dependencies: ["Dashboard", "DashboardRuntime", "TerminalUI", "Services", "Storage", "Billing"],
      path: "Benchmarks/AppBenchmark"),
    // `billing run` at 100,000 accounts (issue #14's budgets; release build).
    .executableTarget(
      name: "BillingBenchmark", dependencies: ["Services", "Storage", "Billing"],
      path: "Benchmarks/BillingBenchmark"),
    .testTarget(
      name: "BillingTests",
      dependencies: ["Billing", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(name: "StorageTests", dependencies: ["Storage", "Billing"]),
    .testTarget(name: "ServicesTests", dependencies: ["Services", "Storage", "Billing"]),
    .testTarget(
      name: "DashboardTests",
      dependencies: ["Dashboard", "DashboardRuntime", "TerminalUI", "Services", "Storage", "Billing"]),
    .testTarget(
      name: "CLITests",
      dependencies: [
        "proxydash", "Services", "Storage", "Billing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
