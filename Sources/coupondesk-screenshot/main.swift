import ConsoleScreenshot
import Console
import Foundation

// Writes the README's pictures of the console: `swift run coupondesk-screenshot` (from the package's
// folder) renders each scene of ScreenshotScene, in every language the console speaks, into
// docs/NAME.LANGUAGE.svg (docs/console.en.svg, docs/console.zh-Hans.svg, …). `--language L` makes one language; `--output DIR` writes elsewhere.

let usage = "usage: coupondesk-screenshot [--language \(ScreenshotLanguage.allCases.map(\.rawValue).joined(separator: "|"))] [--output DIR]"
var languages = ScreenshotLanguage.allCases
var output = "docs"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--language":
        guard let value = arguments.popFirst(), let language = ScreenshotLanguage(rawValue: value) else {
            FileHandle.standardError.write(Data("coupondesk-screenshot: --language takes one of \(ScreenshotLanguage.allCases.map(\.rawValue).joined(separator: ", "))\n\(usage)\n".utf8))
            exit(64)
        }
        languages = [language]
    case "--output":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("coupondesk-screenshot: --output takes a directory\n\(usage)\n".utf8))
            exit(64)
        }
        output = value
    case "--help", "-h":
        print(usage)
        exit(0)
    default:
        FileHandle.standardError.write(Data("coupondesk-screenshot: unknown argument \(argument)\n\(usage)\n".utf8))
        exit(64)
    }
}

do {
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    for language in languages {
        for (name, model) in ScreenshotScene.models(language: language) {
            let path = "\(output)/\(name).\(language.rawValue).svg"
            let svg = SVGScreenshot().render(ConsoleProgram.view(model, size: model.size),
                                             title: "coupondesk demo — \(model.size.width)×\(model.size.height)")
            try Data(svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            print(path)
        }
    }
} catch {
    FileHandle.standardError.write(Data("coupondesk-screenshot: \(error)\n".utf8))
    exit(1)
}
