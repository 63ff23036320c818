// swift-tools-version:6.1
// kho — a digital media asset repository for Vietnamese public communications libraries.
//
// Layers (data flows one way, top to bottom):
//   KhoStore      content-addressed object store: bytes and digests, no SQL
//   KhoMedia      pure extractors: a file in, plain Swift values out (libmagic, libexif …)
//   KhoCatalogue  the SQLite catalogue through GRDB; schema from Schema/*.sql
//   KhoKit        jobs composing the three: ingest, watch (and later audit, dedup)
//   kho           the thin command-line interface
import PackageDescription

let package = Package(
    name: "kho",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kho", targets: ["kho"]),
        .executable(name: "kho-serve", targets: ["kho-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // The web front end (kho serve): HTTP server, templates, bcrypt and TOTP.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C shims: system libraries that Swift reaches through a module map.
        .systemLibrary(name: "CMagic", path: "Sources/CMagic", providers: [.apt(["libmagic-dev"])]),
        .systemLibrary(name: "CExif", path: "Sources/CExif", providers: [.apt(["libexif-dev"])]),
        // libvips through dlopen (see its header): loaded when the first picture is decoded.
        .target(name: "CKhoPixels", path: "Sources/CKhoPixels", linkerSettings: [.linkedLibrary("dl")]),
        // Headers only (no pkg-config: its -lxml2 would link libxml2; SafeXML loads it with dlopen).
        .systemLibrary(name: "CXML", path: "Sources/CXML", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CKhoSys", path: "Sources/CKhoSys"),

        // The words every layer shares: kinds, content types, statuses, digests.
        .target(name: "KhoVocabulary"),
        .target(
            name: "KhoStore",
            dependencies: [
                "KhoVocabulary", "CKhoSys",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "KhoMedia",
            dependencies: ["KhoVocabulary", "CMagic", "CExif", "CKhoPixels", "CXML", "CKhoSys", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            // libxml2's headers live one folder down (what pkg-config would have said).
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]),
        .target(
            name: "KhoCatalogue",
            dependencies: ["KhoVocabulary", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            // Schema/ lives at the top level (reviewers read it there); a symlink
            // brings it into the target so the SQL is compiled into the binary.
            resources: [.embedInCode("Schema")]),
        .target(
            name: "KhoKit",
            dependencies: ["KhoVocabulary", "KhoStore", "KhoMedia", "KhoCatalogue", "CKhoSys", .product(name: "TOMLKit", package: "TOMLKit"),
                           // bcrypt alone (a small C library): the web server's own libraries stay out of `kho`.
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")],
            // The sample settings file lives in contrib/ (for admins); `kho init` writes this copy.
            resources: [.embedInCode("Resources/kho.toml")]),
        .executableTarget(
            name: "kho",
            dependencies: [
                "KhoKit", "KhoStore", "KhoCatalogue", "KhoMedia",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The web front end: imports the facade (KhoKit) only, like `kho`.
        .target(
            name: "KhoWeb",
            dependencies: ["KhoKit", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "TOMLKit", package: "TOMLKit"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "UnixSignals", package: "swift-service-lifecycle"), .product(name: "MultipartKit", package: "multipart-kit"),
                           .product(name: "HummingbirdOTP", package: "hummingbird-auth")],
            resources: [.embedInCode("Templates"), .embedInCode("Strings"), .embedInCode("Static")]),
        // A binary of its own so that the server's libraries (SwiftNIO …) do not slow every `kho`
        // command's start; `kho serve` runs it (as git runs git-<command>).
        .executableTarget(name: "kho-serve", dependencies: ["KhoWeb"]),
        .executableTarget(
            name: "kho-bench",
            dependencies: ["KhoVocabulary", "KhoStore", "KhoCatalogue", "KhoMedia", "KhoKit", "CKhoSys"]),

        .testTarget(name: "KhoStoreTests", dependencies: ["KhoVocabulary", "KhoStore", "KhoTestSupport"]),
        .testTarget(name: "KhoMediaTests", dependencies: ["KhoVocabulary", "KhoMedia", "KhoTestSupport"]),
        .testTarget(name: "KhoCatalogueTests", dependencies: ["KhoVocabulary", "KhoCatalogue", "KhoTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "KhoKitTests", dependencies: ["KhoKit", "KhoStore", "KhoCatalogue", "KhoMedia", "KhoTestSupport", "KhoKitTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // `kho` itself for the command-line reading its fast path shares with ArgumentParser.
        .testTarget(name: "KhoCLITests", dependencies: ["KhoTestSupport", "kho", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "KhoWebTests", dependencies: ["KhoTestSupport", "KhoKitTestSupport", "KhoKit", "KhoWeb",
                                                      .product(name: "HummingbirdOTP", package: "hummingbird-auth")]),
        .target(name: "KhoTestSupport", dependencies: ["KhoStore", "KhoVocabulary"], path: "Tests/KhoTestSupport"),
        // KhoKit tests' starting point: a repository with chosen corpus files already ingested.
        .target(name: "KhoKitTestSupport", dependencies: ["KhoKit", "KhoTestSupport"], path: "Tests/KhoKitTestSupport"),
    ],
    swiftLanguageModes: [.v6]
)

// The compiler holds the layering: a file sees only the members of modules it imports itself.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
