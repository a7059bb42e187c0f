//! Points on the earth (WGS 84) and the little geometry the modules need:
//! distances between reports and whether a point lies inside the city.

use serde::{Deserialize, Serialize};

/// A point in WGS 84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub lat: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub lon: f64,
}

/// Mean earth radius in metres (the IUGG value), enough for distances of a
/// few kilometres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl GeoPoint {
    pub fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon)
    }

    /// Great-circle distance in metres (haversine).
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// A box `[min_lon, min_lat, max_lon, max_lat]` holding every point
    /// within `radius_m` of this one (away from the poles).
    pub fn bounding_box(&self, radius_m: f64) -> [f64; 4] {
        let degrees = (radius_m / EARTH_RADIUS_M).to_degrees();
        let lon_degrees = degrees / self.lat.to_radians().cos().max(0.01);
        [
            self.lon - lon_degrees,
            self.lat - degrees,
            self.lon + lon_degrees,
            self.lat + degrees,
        ]
    }

    /// The point rounded to `decimals` places, e.g. 3 ≈ 100 m, for exports
    /// that must not pin down a reporter's front door.
    pub fn rounded(&self, decimals: i32) -> GeoPoint {
        let factor = 10f64.powi(decimals);
        GeoPoint {
            lat: (self.lat * factor).round() / factor,
            lon: (self.lon * factor).round() / factor,
        }
    }
}

/// A closed area given by its outline, corners as `[lon, lat]` as in GeoJSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Boundary {
    pub outline: Vec<[f64; 2]>,
}

impl Boundary {
    /// Whether the point is inside (ray casting; the outline may be open or closed).
    pub fn contains(&self, point: &GeoPoint) -> bool {
        let corners = &self.outline;
        let mut inside = false;
        let mut previous = match corners.last() {
            Some(last) => *last,
            None => return false,
        };
        for &corner in corners {
            let ([x1, y1], [x2, y2]) = (previous, corner);
            if (y1 > point.lat) != (y2 > point.lat)
                && point.lon < (x2 - x1) * (point.lat - y1) / (y2 - y1) + x1
            {
                inside = !inside;
            }
            previous = corner;
        }
        inside
    }

    /// The centre of the bounding box: where a map of the area starts.
    pub fn centre(&self) -> Option<GeoPoint> {
        let (mut min_lon, mut min_lat) = (f64::MAX, f64::MAX);
        let (mut max_lon, mut max_lat) = (f64::MIN, f64::MIN);
        for &[lon, lat] in &self.outline {
            min_lon = min_lon.min(lon);
            max_lon = max_lon.max(lon);
            min_lat = min_lat.min(lat);
            max_lat = max_lat.max(lat);
        }
        (!self.outline.is_empty()).then(|| GeoPoint {
            lat: (min_lat + max_lat) / 2.0,
            lon: (min_lon + max_lon) / 2.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_known_values() {
        let dom = GeoPoint {
            lat: 51.9625,
            lon: 7.6256,
        };
        let bahnhof = GeoPoint {
            lat: 51.9567,
            lon: 7.6354,
        };
        let d = dom.distance_m(&bahnhof);
        // 0.0058° north (645 m) and 0.0098° east (672 m at this latitude).
        assert!((d - 931.0).abs() < 3.0, "{d}");
        assert_eq!(dom.distance_m(&dom), 0.0);
    }

    /// Every point at the radius lies inside the box, in every direction.
    #[test]
    fn the_bounding_box_holds_the_circle() {
        let dom = GeoPoint {
            lat: 51.9625,
            lon: 7.6256,
        };
        let [min_lon, min_lat, max_lon, max_lat] = dom.bounding_box(250.0);
        for (dlat, dlon) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
            // Step out until 249 m away.
            let mut point = dom;
            while dom.distance_m(&point) < 249.0 {
                point.lat += dlat * 1e-6;
                point.lon += dlon * 1e-6;
            }
            assert!((min_lat..=max_lat).contains(&point.lat), "{point:?}");
            assert!((min_lon..=max_lon).contains(&point.lon), "{point:?}");
        }
        // And it is not much larger: 260 m north is outside.
        let far = GeoPoint {
            lat: dom.lat + 260.0 / 111_195.0,
            lon: dom.lon,
        };
        assert!(far.lat > max_lat);
    }

    #[test]
    fn points_inside_and_outside_an_outline() {
        let square = Boundary {
            outline: vec![[7.0, 51.0], [8.0, 51.0], [8.0, 52.0], [7.0, 52.0]],
        };
        assert!(square.contains(&GeoPoint {
            lat: 51.5,
            lon: 7.5
        }));
        assert!(!square.contains(&GeoPoint {
            lat: 52.5,
            lon: 7.5
        }));
        assert!(!square.contains(&GeoPoint {
            lat: 51.5,
            lon: 6.9
        }));
        assert!(!Boundary { outline: vec![] }.contains(&GeoPoint {
            lat: 51.5,
            lon: 7.5
        }));
        assert_eq!(
            square.centre(),
            Some(GeoPoint {
                lat: 51.5,
                lon: 7.5
            })
        );
    }

    #[test]
    fn rounding_coarsens_to_about_a_hundred_metres() {
        let p = GeoPoint {
            lat: 51.962_549,
            lon: 7.625_649,
        }
        .rounded(3);
        assert_eq!(
            p,
            GeoPoint {
                lat: 51.963,
                lon: 7.626
            }
        );
    }
}
