import * as $protobuf from "protobufjs";
import Long = require("long");
/** Namespace perftools. */
export namespace perftools {

    /** Namespace profiles. */
    namespace profiles {

        /** Properties of a Profile. */
        interface IProfile {

            /** Profile sampleType */
            sampleType?: (perftools.profiles.IValueType[]|null);

            /** Profile sample */
            sample?: (perftools.profiles.ISample[]|null);

            /** Profile mapping */
            mapping?: (perftools.profiles.IMapping[]|null);

            /** Profile location */
            location?: (perftools.profiles.ILocation[]|null);

            /** Profile function */
            "function"?: (perftools.profiles.IFunction[]|null);

            /** Profile stringTable */
            stringTable?: (string[]|null);

            /** Profile dropFrames */
            dropFrames?: (number|Long|null);

            /** Profile keepFrames */
            keepFrames?: (number|Long|null);

            /** Profile timeNanos */
            timeNanos?: (number|Long|null);

            /** Profile durationNanos */
            durationNanos?: (number|Long|null);

            /** Profile periodType */
            periodType?: (perftools.profiles.IValueType|null);

            /** Profile period */
            period?: (number|Long|null);

            /** Profile comment */
            comment?: ((number|Long)[]|null);

            /** Profile defaultSampleType */
            defaultSampleType?: (number|Long|null);
        }

        /** Represents a Profile. */
        class Profile implements IProfile {

            /**
             * Constructs a new Profile.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.IProfile);

            /** Profile sampleType. */
            public sampleType: perftools.profiles.IValueType[];

            /** Profile sample. */
            public sample: perftools.profiles.ISample[];

            /** Profile mapping. */
            public mapping: perftools.profiles.IMapping[];

            /** Profile location. */
            public location: perftools.profiles.ILocation[];

            /** Profile function. */
            public function: perftools.profiles.IFunction[];

            /** Profile stringTable. */
            public stringTable: string[];

            /** Profile dropFrames. */
            public dropFrames: (number|Long);

            /** Profile keepFrames. */
            public keepFrames: (number|Long);

            /** Profile timeNanos. */
            public timeNanos: (number|Long);

            /** Profile durationNanos. */
            public durationNanos: (number|Long);

            /** Profile periodType. */
            public periodType?: (perftools.profiles.IValueType|null);

            /** Profile period. */
            public period: (number|Long);

            /** Profile comment. */
            public comment: (number|Long)[];

            /** Profile defaultSampleType. */
            public defaultSampleType: (number|Long);

            /**
             * Decodes a Profile message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Profile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Profile;
        }

        /** Properties of a ValueType. */
        interface IValueType {

            /** ValueType type */
            type?: (number|Long|null);

            /** ValueType unit */
            unit?: (number|Long|null);
        }

        /** Represents a ValueType. */
        class ValueType implements IValueType {

            /**
             * Constructs a new ValueType.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.IValueType);

            /** ValueType type. */
            public type: (number|Long);

            /** ValueType unit. */
            public unit: (number|Long);

            /**
             * Decodes a ValueType message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns ValueType
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.ValueType;
        }

        /** Properties of a Sample. */
        interface ISample {

            /** Sample locationId */
            locationId?: ((number|Long)[]|null);

            /** Sample value */
            value?: ((number|Long)[]|null);

            /** Sample label */
            label?: (perftools.profiles.ILabel[]|null);
        }

        /** Represents a Sample. */
        class Sample implements ISample {

            /**
             * Constructs a new Sample.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.ISample);

            /** Sample locationId. */
            public locationId: (number|Long)[];

            /** Sample value. */
            public value: (number|Long)[];

            /** Sample label. */
            public label: perftools.profiles.ILabel[];

            /**
             * Decodes a Sample message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Sample
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Sample;
        }

        /** Properties of a Label. */
        interface ILabel {

            /** Label key */
            key?: (number|Long|null);

            /** Label str */
            str?: (number|Long|null);

            /** Label num */
            num?: (number|Long|null);

            /** Label numUnit */
            numUnit?: (number|Long|null);
        }

        /** Represents a Label. */
        class Label implements ILabel {

            /**
             * Constructs a new Label.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.ILabel);

            /** Label key. */
            public key: (number|Long);

            /** Label str. */
            public str: (number|Long);

            /** Label num. */
            public num: (number|Long);

            /** Label numUnit. */
            public numUnit: (number|Long);

            /**
             * Decodes a Label message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Label
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Label;
        }

        /** Properties of a Mapping. */
        interface IMapping {

            /** Mapping id */
            id?: (number|Long|null);

            /** Mapping memoryStart */
            memoryStart?: (number|Long|null);

            /** Mapping memoryLimit */
            memoryLimit?: (number|Long|null);

            /** Mapping fileOffset */
            fileOffset?: (number|Long|null);

            /** Mapping filename */
            filename?: (number|Long|null);

            /** Mapping buildId */
            buildId?: (number|Long|null);

            /** Mapping hasFunctions */
            hasFunctions?: (boolean|null);

            /** Mapping hasFilenames */
            hasFilenames?: (boolean|null);

            /** Mapping hasLineNumbers */
            hasLineNumbers?: (boolean|null);

            /** Mapping hasInlineFrames */
            hasInlineFrames?: (boolean|null);
        }

        /** Represents a Mapping. */
        class Mapping implements IMapping {

            /**
             * Constructs a new Mapping.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.IMapping);

            /** Mapping id. */
            public id: (number|Long);

            /** Mapping memoryStart. */
            public memoryStart: (number|Long);

            /** Mapping memoryLimit. */
            public memoryLimit: (number|Long);

            /** Mapping fileOffset. */
            public fileOffset: (number|Long);

            /** Mapping filename. */
            public filename: (number|Long);

            /** Mapping buildId. */
            public buildId: (number|Long);

            /** Mapping hasFunctions. */
            public hasFunctions: boolean;

            /** Mapping hasFilenames. */
            public hasFilenames: boolean;

            /** Mapping hasLineNumbers. */
            public hasLineNumbers: boolean;

            /** Mapping hasInlineFrames. */
            public hasInlineFrames: boolean;

            /**
             * Decodes a Mapping message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Mapping
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Mapping;
        }

        /** Properties of a Location. */
        interface ILocation {

            /** Location id */
            id?: (number|Long|null);

            /** Location mappingId */
            mappingId?: (number|Long|null);

            /** Location address */
            address?: (number|Long|null);

            /** Location line */
            line?: (perftools.profiles.ILine[]|null);

            /** Location isFolded */
            isFolded?: (boolean|null);
        }

        /** Represents a Location. */
        class Location implements ILocation {

            /**
             * Constructs a new Location.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.ILocation);

            /** Location id. */
            public id: (number|Long);

            /** Location mappingId. */
            public mappingId: (number|Long);

            /** Location address. */
            public address: (number|Long);

            /** Location line. */
            public line: perftools.profiles.ILine[];

            /** Location isFolded. */
            public isFolded: boolean;

            /**
             * Decodes a Location message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Location
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Location;
        }

        /** Properties of a Line. */
        interface ILine {

            /** Line functionId */
            functionId?: (number|Long|null);

            /** Line line */
            line?: (number|Long|null);

            /** Line column */
            column?: (number|Long|null);
        }

        /** Represents a Line. */
        class Line implements ILine {

            /**
             * Constructs a new Line.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.ILine);

            /** Line functionId. */
            public functionId: (number|Long);

            /** Line line. */
            public line: (number|Long);

            /** Line column. */
            public column: (number|Long);

            /**
             * Decodes a Line message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Line
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Line;
        }

        /** Properties of a Function. */
        interface IFunction {

            /** Function id */
            id?: (number|Long|null);

            /** Function name */
            name?: (number|Long|null);

            /** Function systemName */
            systemName?: (number|Long|null);

            /** Function filename */
            filename?: (number|Long|null);

            /** Function startLine */
            startLine?: (number|Long|null);
        }

        /** Represents a Function. */
        class Function implements IFunction {

            /**
             * Constructs a new Function.
             * @param [properties] Properties to set
             */
            constructor(properties?: perftools.profiles.IFunction);

            /** Function id. */
            public id: (number|Long);

            /** Function name. */
            public name: (number|Long);

            /** Function systemName. */
            public systemName: (number|Long);

            /** Function filename. */
            public filename: (number|Long);

            /** Function startLine. */
            public startLine: (number|Long);

            /**
             * Decodes a Function message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Function
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): perftools.profiles.Function;
        }
    }
}
