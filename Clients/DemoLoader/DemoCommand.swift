// placeholder, replaced below
@main struct DemoCommand { static func main() {} }
