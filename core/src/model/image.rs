//! A function's container image (`functions.<name>.image`).

use serde::ser::{Serialize, SerializeMap, Serializer};

/// `image`: a container image URI pinned by digest (`...@sha256:<hex>`), with the image settings
/// a function overrides. serverless.yml writes it as the URI alone, or as an object
/// `{uri, command, entryPoint, workingDirectory}` (the reference's `ImageConfig`).
///
/// ```
/// use stackwright_core::{Function, Image};
/// const URI: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// let f = Function::image(Image::new(URI).command(["app.worker"]));
/// let image: &Image = f.image.as_ref().unwrap();
/// assert_eq!(image.uri, URI);
/// assert_eq!(image.command.as_deref(), Some(&["app.worker".to_string()][..]));
/// assert!(image.has_config());
/// assert!(!Image::new(URI).has_config());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// `uri`: the image, which must be pinned by digest (the name of an image of `provider.ecr`
    /// when serverless.yml gives `name`, which stackwright does not build and then reports).
    pub uri: String,
    /// `command`: overrides the image's `CMD` (`ImageConfig.Command`).
    pub command: Option<Vec<String>>,
    /// `entryPoint`: overrides the image's `ENTRYPOINT` (`ImageConfig.EntryPoint`).
    pub entry_point: Option<Vec<String>>,
    /// `workingDirectory`: overrides the image's `WORKDIR` (`ImageConfig.WorkingDirectory`).
    pub working_directory: Option<String>,
}

impl Image {
    /// An image with no settings of its own.
    pub fn new(uri: impl Into<String>) -> Self {
        Image { uri: uri.into(), ..Default::default() }
    }

    /// `command`: the image's `CMD` for this function (for the AWS base images, the handler).
    pub fn command<S: Into<String>>(mut self, command: impl IntoIterator<Item = S>) -> Self {
        self.command = Some(command.into_iter().map(Into::into).collect());
        self
    }

    /// `entryPoint`: the image's `ENTRYPOINT` for this function.
    pub fn entry_point<S: Into<String>>(mut self, entry_point: impl IntoIterator<Item = S>) -> Self {
        self.entry_point = Some(entry_point.into_iter().map(Into::into).collect());
        self
    }

    /// `workingDirectory`: the image's `WORKDIR` for this function.
    pub fn working_directory(mut self, directory: impl Into<String>) -> Self {
        self.working_directory = Some(directory.into());
        self
    }

    /// Whether the function overrides a setting of the image (then the template has `ImageConfig`,
    /// unless the only setting is an empty `workingDirectory`, which the reference leaves out).
    pub fn has_config(&self) -> bool {
        self.command.is_some() || self.entry_point.is_some() || self.working_directory.is_some()
    }
}

impl From<String> for Image {
    fn from(uri: String) -> Self {
        Image::new(uri)
    }
}

impl From<&str> for Image {
    fn from(uri: &str) -> Self {
        Image::new(uri)
    }
}

/// The URI alone when nothing is overridden, as serverless.yml writes it; else the object form.
impl Serialize for Image {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.has_config() {
            return s.serialize_str(&self.uri);
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("uri", &self.uri)?;
        if let Some(c) = &self.command {
            map.serialize_entry("command", c)?;
        }
        if let Some(e) = &self.entry_point {
            map.serialize_entry("entryPoint", e)?;
        }
        if let Some(w) = &self.working_directory {
            map.serialize_entry("workingDirectory", w)?;
        }
        map.end()
    }
}
