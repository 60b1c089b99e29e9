Gem::Specification.new do |spec|
  spec.name = %q{oldstyle}
  spec.version = Gem::Version.new('0.9')
  spec.license = 'Apache-2.0'
  spec.add_dependency 'rack', '>= 2'
  spec.add_runtime_dependency("json")
  spec.add_runtime_dependency "json"
end
