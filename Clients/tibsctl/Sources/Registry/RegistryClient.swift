/// The registry commands' client: a ``ServiceClient`` whose `with` defaults to the registry.
typealias RegistryClient = ServiceClient
